/**
 * The messages between the bench and its child processes (fake channel, echo bot, our bot), over Node's IPC
 * channel, validated with zod on arrival; and the parent-side helpers to start a child and ask it something.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { z } from 'zod';

const Stall = z.object({ at: z.number(), ms: z.number(), cpuMs: z.number().nullable() });
export const LoopReportSchema = z.object({
  p50: z.number(),
  p99: z.number(),
  max: z.number(),
  mean: z.number(),
  utilization: z.number(),
  stalls: z.array(Stall),
});

export const ChildMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), port: z.number().int().positive() }),
  z.object({ type: z.literal('failed'), error: z.string() }),
  z.object({ type: z.literal('loop'), report: LoopReportSchema }),
  z.object({
    type: z.literal('arrivals'),
    total: z.number().int(),
    cards: z.number().int(),
    byConversation: z.record(z.string(), z.array(z.number())),
  }),
  z.object({ type: z.literal('seen'), conversationId: z.string(), at: z.number(), card: z.boolean() }),
  z.object({ type: z.literal('ack') }),
  z.object({
    type: z.literal('profile'),
    file: z.string(),
    summary: z.object({
      totalMs: z.number(),
      idleMs: z.number(),
      gcMs: z.number(),
      self: z.array(z.object({ name: z.string(), ms: z.number(), share: z.number() })),
      inclusive: z.array(z.object({ name: z.string(), ms: z.number(), share: z.number() })),
    }),
  }),
]);
export type ChildMessage = z.infer<typeof ChildMessage>;

export type ParentMessage =
  | { type: 'loop-reset' }
  | { type: 'loop-report' }
  | { type: 'reset' }
  | { type: 'collect' }
  | { type: 'watch'; conversationId: string }
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string };

export const ParentMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('loop-reset') }),
  z.object({ type: z.literal('loop-report') }),
  z.object({ type: z.literal('reset') }),
  z.object({ type: z.literal('collect') }),
  z.object({ type: z.literal('watch'), conversationId: z.string() }),
  z.object({ type: z.literal('profile-start') }),
  z.object({ type: z.literal('profile-stop'), file: z.string().min(1) }),
]);

/** The child side: parsed parent messages to `handler`; `send` to answer. */
export function onParentMessage(handler: (m: ParentMessage) => void): void {
  process.on('message', (raw) => {
    const parsed = ParentMessageSchema.safeParse(raw);
    if (parsed.success) handler(parsed.data);
    else process.stderr.write(`bench child: bad IPC message ignored: ${parsed.error.issues[0]?.message}\n`);
  });
  // the bench is gone: do not outlive it
  process.on('disconnect', () => process.exit(0));
}

export function sendToParent(m: ChildMessage): void {
  process.send?.(m);
}

export interface Child {
  name: string;
  proc: ChildProcess;
  port: number;
  logFile: string;
  /** sends `message` and resolves with the child's next message of type `expect` */
  ask<T extends ChildMessage['type']>(message: ParentMessage, expect: T, timeoutMs?: number): Promise<Extract<ChildMessage, { type: T }>>;
  /** every message of type `type` from now on */
  on<T extends ChildMessage['type']>(type: T, listener: (m: Extract<ChildMessage, { type: T }>) => void): () => void;
  stop(): Promise<void>;
}

/**
 * Forks a TypeScript child (through tsx), its output to `logFile`; resolves when it says it listens.
 * `cpuProfileDir`: the child writes a V8 CPU profile there when it exits (--cpu-prof).
 */
export async function startChild(name: string, script: URL, env: NodeJS.ProcessEnv, logFile: string, options: { timeoutMs?: number; cpuProfileDir?: string } = {}): Promise<Child> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const fd = openSync(logFile, 'a');
  const execArgv = ['--import', 'tsx', ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [])];
  const proc = fork(script, [], { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd, 'ipc'] });
  closeSync(fd);
  const listeners = new Set<(m: ChildMessage) => void>();
  proc.on('message', (raw) => {
    const parsed = ChildMessage.safeParse(raw);
    if (!parsed.success) return;
    for (const l of [...listeners]) l(parsed.data);
  });
  const next = <T extends ChildMessage['type']>(type: T, ms: number): Promise<Extract<ChildMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(listener);
        proc.off('exit', onExit);
        reject(new Error(`${name}: no "${type}" message within ${ms} ms (see ${logFile})`));
      }, ms);
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        listeners.delete(listener);
        reject(new Error(`${name} exited (code ${code}) before "${type}" (see ${logFile})`));
      };
      const listener = (m: ChildMessage): void => {
        if (m.type === 'failed') {
          clearTimeout(timer);
          listeners.delete(listener);
          proc.off('exit', onExit);
          reject(new Error(`${name} failed: ${m.error}`));
        } else if (m.type === type) {
          clearTimeout(timer);
          listeners.delete(listener);
          proc.off('exit', onExit);
          resolve(m as Extract<ChildMessage, { type: T }>);
        }
      };
      listeners.add(listener);
      proc.once('exit', onExit);
    });
  const ready = await next('ready', timeoutMs);
  return {
    name,
    proc,
    port: ready.port,
    logFile,
    ask(message, expect, ms = 30_000) {
      const answer = next(expect, ms);
      proc.send(message);
      return answer;
    },
    on(type, listener) {
      const l = (m: ChildMessage): void => {
        if (m.type === type) listener(m as Extract<ChildMessage, { type: typeof type }>);
      };
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
