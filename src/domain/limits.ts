/**
 * The limits the service enforces, named once: the use cases check them and the request schemas
 * (and so the OpenAPI document) state them, so a limit cannot drift between what is enforced and
 * what is documented.
 */

/** MAX_TUPLES_PER_WRITE is the most tuples in writes and deletes together of one write request. */
export const MAX_TUPLES_PER_WRITE = 1000;
/** MAX_CHECKS_PER_BATCH is the most checks in one batch. */
export const MAX_CHECKS_PER_BATCH = 100;
/** PAGE_DEFAULT and PAGE_MAX are a listing's page size when not asked for, and the largest one may ask for. */
export const PAGE_DEFAULT = 100;
export const PAGE_MAX = 1000;
/** PATHS_DEFAULT and MAX_PATHS are how many access paths one answer lists unless asked, and at most. */
export const PATHS_DEFAULT = 100;
export const MAX_PATHS = 1000;
/** WHAT_IF_LIMIT is how many gains, and how many losses, a what-if answer lists unless asked; WHAT_IF_MAX the most it lists. */
export const WHAT_IF_LIMIT = 1000;
export const WHAT_IF_MAX = 10_000;
/** MAX_BODY_MIB bounds what one request body may make the service buffer (a 413 beyond); MAX_BODY_BYTES is it in bytes, for body parsers. */
export const MAX_BODY_MIB = 1;
export const MAX_BODY_BYTES = MAX_BODY_MIB * 1024 * 1024;
/** MAX_SEARCH_TEXT is the longest text an entity search takes: longer than any id, so a whole id can be pasted. */
export const MAX_SEARCH_TEXT = 200;
/**
 * The OpenFGA-compatible surface keeps OpenFGA's default limits, so an app moved from OpenFGA meets
 * the same ones: tuples per write, checks per batch-check, and page sizes of read and changes.
 */
export const OPENFGA_MAX_TUPLES_PER_WRITE = 100;
export const OPENFGA_MAX_CHECKS_PER_BATCH = 50;
export const OPENFGA_PAGE_DEFAULT = 50;
export const OPENFGA_PAGE_MAX = 100;
