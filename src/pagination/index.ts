// Keyset pagination door: opaque cursors, page-size rules, and the shared PageInfo type.
export { encodeCursor, decodeCursor, pageSize, splitPage, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageRequest } from "./keysetCursor";
export { PageInfo } from "./pageInfo";
