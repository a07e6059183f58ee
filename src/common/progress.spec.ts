import { Progress, ProgressOutput } from './progress';

function output(isTTY: boolean): ProgressOutput & { text: string } {
  return {
    isTTY,
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

describe('Progress', () => {
  it('writes one line per tenth done when stderr is not a terminal', () => {
    const out = output(false);
    const progress = new Progress('Seeding', out);
    for (let done = 0; done <= 1000; done += 50) progress.update(done, 1000);
    progress.end();
    const lines = out.text.split('\n').filter(Boolean);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('Seeding: 100/1000 (10%)');
    expect(lines[9]).toBe('Seeding: 1000/1000 (100%)');
    expect(out.text.endsWith('\n')).toBe(true);
    expect(out.text).not.toContain('\r');
  });

  it('writes one line for a step over several tenths, never two for the same tenth', () => {
    const out = output(false);
    const progress = new Progress('Deleting', out);
    [1, 1, 5, 10, 10].forEach((done) => progress.update(done, 10));
    expect(out.text).toBe('Deleting: 1/10 (10%)\nDeleting: 5/10 (50%)\nDeleting: 10/10 (100%)\n');
  });

  it('rewrites one line in place on a terminal, at most every 100 ms, and ends it', () => {
    const out = output(true);
    let clock = 0;
    const progress = new Progress('Seeding', out, () => clock);
    progress.update(1, 4);
    clock = 50;
    progress.update(2, 4); // too soon: not drawn
    clock = 200;
    progress.update(3, 4);
    clock = 210;
    progress.update(4, 4); // the last is always drawn
    progress.end();
    expect(out.text).toBe('\rSeeding: 1/4 (25%)\x1b[K\rSeeding: 3/4 (75%)\x1b[K\rSeeding: 4/4 (100%)\x1b[K\n');
  });

  it('writes nothing when there is nothing to do', () => {
    for (const tty of [true, false]) {
      const out = output(tty);
      const progress = new Progress('Deleting', out);
      progress.update(0, 0);
      progress.end();
      expect(out.text).toBe('');
    }
  });
});
