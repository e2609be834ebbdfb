// Runs raw_client.py (optionally as the unprivileged user nobody) and reads its output lines.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const RAW = new URL('../raw_client.py', import.meta.url).pathname;
const AS_NOBODY = [
  'setpriv',
  '--reuid=65534',
  '--regid=65534',
  '--clear-groups',
  '--inh-caps=-all',
];

export class RawClient {
  readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private waiter: (() => void) | undefined;

  constructor(args: string[], options: { unprivileged?: boolean } = {}) {
    const argv = [...(options.unprivileged ? AS_NOBODY : []), '/usr/bin/python3', RAW, ...args];
    this.proc = spawn(argv[0] ?? 'false', argv.slice(1), { stdio: 'pipe' });
    this.proc.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    createInterface({ input: this.proc.stdout }).on('line', (l) => {
      this.lines.push(l);
      this.waiter?.();
    });
  }

  /** The next output line, or undefined if none comes within `ms`. */
  async line(ms = 30000): Promise<string | undefined> {
    const deadline = Date.now() + ms;
    while (this.lines.length === 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 100);
      });
    }
    return this.lines.shift();
  }

  write(text: string): void {
    this.proc.stdin.write(text);
  }

  kill(): void {
    this.proc.kill('SIGKILL');
  }
}
