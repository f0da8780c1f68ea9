// Runs kv scripts on Redis by SHA: EVALSHA first, SCRIPT LOAD only when Redis answers NOSCRIPT
// (first use, or after a restart flushed its script cache), so the Lua body crosses the wire once.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { KvScript, ScriptReply } from './port.ts';

export class RedisScripts {
  private readonly shas = new Map<string, string>();
  /** Concurrent first uses of a script share one SCRIPT LOAD. */
  private readonly loads = new Map<string, Promise<void>>();

  constructor(private readonly redis: Redis) {}

  async run(script: KvScript<ScriptReply>, keys: string[], args: string[]): Promise<unknown> {
    const sha = this.shaOf(script.lua);
    try {
      return await this.redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!isNoScript(err)) throw err;
      await this.load(script, sha);
      return await this.redis.evalsha(sha, keys.length, ...keys, ...args);
    }
  }

  private shaOf(lua: string): string {
    let sha = this.shas.get(lua);
    if (sha === undefined) {
      sha = createHash('sha1').update(lua).digest('hex');
      this.shas.set(lua, sha);
    }
    return sha;
  }

  private load(script: KvScript<ScriptReply>, sha: string): Promise<void> {
    let load = this.loads.get(sha);
    if (!load) {
      load = this.loadOnce(script, sha).finally(() => this.loads.delete(sha));
      this.loads.set(sha, load);
    }
    return load;
  }

  private async loadOnce(script: KvScript<ScriptReply>, sha: string): Promise<void> {
    const loaded = await this.redis.script('LOAD', script.lua);
    if (loaded !== sha) throw new Error(`kv script ${script.name}: Redis loaded it as ${String(loaded)}, expected ${sha}`);
  }
}

function isNoScript(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOSCRIPT');
}
