// Checks that a target really answers the echo payload before it is measured, so a broken hop
// fails the run instead of being timed as fast errors.
import { Client } from 'undici';

export async function probe(url: string): Promise<void> {
  const target = new URL(url);
  const client = new Client(target.origin);
  try {
    const response = await client.request({ path: target.pathname, method: 'GET', headersTimeout: 5_000, bodyTimeout: 5_000 });
    const body = (await response.body.json()) as { text?: unknown; instance?: unknown };
    if (response.statusCode !== 200 || body.text !== 'hello' || typeof body.instance !== 'string') {
      throw new Error(`${url} answered ${response.statusCode} ${JSON.stringify(body)}; expected 200 {"text":"hello","instance":…}`);
    }
  } finally {
    await client.close();
  }
}
