/** The one table of operations: router.ts mounts it and openapi.ts documents it, in this order. */
import type { Operation } from '../../operation';
import { AUDIT_OPERATIONS } from './audit';
import { BULK_OPERATIONS } from './bulk';
import { CALLER_OPERATIONS } from './caller';
import { COMMISSION_OPERATIONS } from './commission';
import { PARTNER_OPERATIONS } from './partners';
import { PUBLIC_OPERATIONS } from './public';
import { TUPLE_OPERATIONS } from './tuples';

/** OPERATIONS is every route the app mounts, so a route cannot exist undocumented; add one by adding an entry to one of its parts. */
export const OPERATIONS: readonly Operation[] = [...PUBLIC_OPERATIONS, ...TUPLE_OPERATIONS, ...BULK_OPERATIONS, ...AUDIT_OPERATIONS, ...PARTNER_OPERATIONS, ...COMMISSION_OPERATIONS, ...CALLER_OPERATIONS];
