/**
 * The domain's ports: every interface a use case needs from the outside world, owned here so that
 * storage/ adapts to the domain and never the other way round. Each method's doc comment is its
 * contract, including the error it throws; test/contract/ holds one suite per port that every
 * adapter (Neo4j, OpenFGA, and the in-memory ones of the unit tests) must pass.
 */
export * from './shared';
export * from './tuples';
export * from './outbox';
export * from './graph';
export * from './engine';
export * from './partners';
export * from './commission';
export * from './relay';
