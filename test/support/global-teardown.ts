export default async function globalTeardown(): Promise<void> {
  await globalThis.__LT_TEARDOWN__?.();
}
