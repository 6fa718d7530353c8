/**
 * DeleteEntity: ends every live tuple naming the entity, through the one tuple write path (so
 * history, change feed, outbox and OpenFGA all follow), then marks the entity deleted in a step
 * that no tuple write can interleave with. The node stays for history; a later PUT revives it.
 */
import { entityKey, isLive, unknownEntity, type EntityType } from './entity';
import { MAX_TUPLES_PER_WRITE } from './limits';
import type { WriteTuplesCommand } from './write-tuples';
import type { EntityStore, Outbox } from './ports';

/** DeleteEntityResult: the revision that holds the tuple deletions (the current one when there were none), pending as for tuple writes. */
export interface DeleteEntityResult {
  revision: string;
  pending: boolean;
  tuplesDeleted: number;
}

/** DeleteEntityCommand deletes an entity and its live tuples from both stores. */
export class DeleteEntityCommand {
  constructor(
    private readonly store: Pick<EntityStore, 'getEntity' | 'liveTuplesOf' | 'markDeleted'>,
    private readonly writeTuples: Pick<WriteTuplesCommand, 'execute'>,
    private readonly outbox: Pick<Outbox, 'counters'>,
  ) {}

  async execute(input: { type: EntityType; id: string; actor: string; requestId: string }): Promise<DeleteEntityResult> {
    const { type, id, actor, requestId } = input;
    entityKey(type, id);
    if (!isLive(await this.store.getEntity(type, id))) throw unknownEntity(type, id);
    let revision: string | undefined;
    let pending = false;
    let tuplesDeleted = 0;
    // Each round ends what it read, so the next read sees only what is left (or was written meanwhile).
    for (;;) {
      const deletes = await this.store.liveTuplesOf(type, id, MAX_TUPLES_PER_WRITE);
      if (deletes.length === 0) {
        if (await this.store.markDeleted(type, id, { actor, requestId, at: new Date() })) break;
        continue; // a tuple naming the entity was written since the read: end it too
      }
      const result = await this.writeTuples.execute({ writes: [], deletes, actor, requestId });
      revision = result.revision;
      pending ||= result.pending;
      tuplesDeleted += deletes.length;
    }
    revision ??= String((await this.outbox.counters()).latest);
    return { revision, pending, tuplesDeleted };
  }
}
