/**
 * The progress line of the bulk commands: tuples done, their rate, and the time left when the
 * total is known (an import knows its file's size). Redrawn in place on a terminal, a line every
 * few seconds otherwise, on stderr so stdout keeps only the answer.
 */

/** Progress counts lines and bytes and draws the line at most every interval. */
export class Progress {
  lines = 0;
  private bytes = 0;
  private readonly started = Date.now();
  private last = 0;
  private phase = '';

  constructor(
    private readonly label: string,
    private readonly totalBytes?: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  add(lines: number, bytes: number): void {
    this.lines += lines;
    this.bytes += bytes;
    if (Date.now() - this.last >= (this.out.isTTY ? 250 : 5000)) this.draw();
  }

  /** uploaded says every byte is sent: what remains is the service's (commit, then OpenFGA). */
  uploaded(): void {
    this.phase = ', sent: waiting for the service to commit and apply it';
    this.draw();
  }

  done(): void {
    this.phase = '';
    this.draw();
    if (this.out.isTTY) this.out.write('\n');
  }

  /** line is the progress text: `import: 120000 tuples, 24000/s, 80% sent, 5 s left`. */
  line(now = Date.now()): string {
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = this.lines / seconds;
    let text = `${this.label}: ${this.lines} tuples, ${Math.round(rate)}/s, ${seconds.toFixed(0)} s`;
    if (this.totalBytes) {
      const share = this.bytes / this.totalBytes;
      const left = share > 0 ? (seconds / share) * (1 - share) : NaN;
      text += `, ${Math.floor(share * 100)}% sent, ${Number.isFinite(left) ? `${Math.ceil(left)} s left` : 'time left unknown'}`;
    }
    return text + this.phase;
  }

  private draw(): void {
    this.last = Date.now();
    this.out.write(this.out.isTTY ? `\r\x1b[K${this.line()}` : `${this.line()}\n`);
  }
}
