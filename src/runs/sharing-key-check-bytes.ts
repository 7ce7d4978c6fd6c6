/**
 * The most a Delta Sharing change window downloads of the pinned version to count its changed keys'
 * rows (RUN_SHARING_KEY_CHECK_BYTES unset): a key spread over every file (random ids, long strings
 * whose stats are cut) would otherwise download the whole table each window.
 */
export const DEFAULT_SHARING_KEY_CHECK_BYTES = 256 * 1024 * 1024;
