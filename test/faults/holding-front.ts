/**
 * A front for the fake Bot Connector that forwards everything to it, except one chosen activity POST: that one
 * is held — neither forwarded (so never delivered) nor answered — and announced, so the test can SIGKILL the
 * bot process while its send is in flight. `dropHeld()` then closes the held connection.
 */
import type http from 'node:http';
import { ACTIVITY_POST, ChannelFront } from '../e2e/channel-front.ts';

export class HoldingFront extends ChannelFront {
  private hold: { match: (path: string) => boolean; left: number; resolve: (path: string) => void } | null = null;
  private held: http.ServerResponse | null = null;

  /** Holds the `nth` (1-based) activity POST whose path matches; resolves with its path when it arrives. */
  holdNth(nth: number, match: (path: string) => boolean): Promise<string> {
    return new Promise((resolve) => (this.hold = { match, left: nth, resolve }));
  }

  dropHeld(): void {
    this.held?.socket?.destroy();
    this.held = null;
  }

  protected intercept(method: string, path: string, res: http.ServerResponse): boolean {
    if (!this.hold || method !== 'POST' || !ACTIVITY_POST.test(path) || !this.hold.match(path) || --this.hold.left !== 0) return false;
    const { resolve } = this.hold;
    this.hold = null;
    this.held = res;
    this.seen.push(`POST ${path} → held`);
    resolve(path);
    return true;
  }
}
