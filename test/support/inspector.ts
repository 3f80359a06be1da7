import { freePort } from '@lt/database';
import WebSocket from 'ws';
import { ApiProcess, startApiProcess } from './api-process';

/** What a process holds once every unreachable object is collected: a leak survives it, garbage does not. */
export interface LiveMemory {
  heapUsedMiB: number;
  rssMiB: number;
}

/**
 * A child started with `--inspect=127.0.0.1:<port>`, reached over the DevTools protocol:
 * RSS alone cannot tell a leak from garbage V8 has not yet collected (it grows its heap
 * lazily and rarely gives pages back), so memory checks force a full collection first.
 */
export class InspectedProcess {
  private constructor(private readonly debuggerUrl: string) {}

  static async attach(port: number, timeoutMs = 30_000): Promise<InspectedProcess> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as {
          webSocketDebuggerUrl: string;
        }[];
        return new InspectedProcess(targets[0].webSocketDebuggerUrl);
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`no inspector on port ${port}: ${String(error)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** Collects all garbage, then reads the process's memory. */
  async liveMemory(): Promise<LiveMemory> {
    await this.call('HeapProfiler.collectGarbage');
    const reply = (await this.call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
    })) as { result: { value: string } };
    const usage = JSON.parse(reply.result.value) as NodeJS.MemoryUsage;
    return { heapUsedMiB: usage.heapUsed / 2 ** 20, rssMiB: usage.rss / 2 ** 20 };
  }

  private async call(method: string, params: object = {}): Promise<unknown> {
    const ws = new WebSocket(this.debuggerUrl);
    try {
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      return await new Promise((resolve, reject) => {
        ws.on('message', (data: Buffer) => {
          const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown };
          if (message.id !== 1) return;
          if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`));
          else resolve(message.result);
        });
        ws.send(JSON.stringify({ id: 1, method, params }));
      });
    } finally {
      ws.close();
    }
  }
}

/** A real API process with the inspector on a free loopback port, for tests that read its memory. */
export async function startInspectedApiProcess(
  env: Record<string, string>,
): Promise<{ api: ApiProcess; inspected: InspectedProcess }> {
  const port = await freePort();
  const api = await startApiProcess({
    ...env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:${port}`.trim(),
  });
  return { api, inspected: await InspectedProcess.attach(port) };
}
