/**
 * The real public data the tests use, committed under test/fixtures/ (each folder's SOURCE / PROVENANCE names its
 * origin repository, commit and licence; scripts/sync-fixtures.sh refreshes them from ../shared/fixtures).
 */
import { fileURLToPath } from 'node:url';

/** Absolute path of test/fixtures/, with a trailing slash. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Absolute path of a file or folder under test/fixtures/. */
export function fixture(rel: string): string {
  return FIXTURES + rel.replace(/^\/+/, '');
}
