import { describeWith, SystemPackage } from '../support/system-packages';

const present: SystemPackage = { what: 'present-tool', debian: 'present', available: () => true };
const absent: SystemPackage = { what: 'absent-tool', debian: 'absent-pkg', available: () => false };

describe('tests that need a system package', () => {
  const saved = process.env.CI_REQUIRE_SYSTEM_PACKAGES;
  let written: string[];
  let write: jest.SpyInstance;
  beforeEach(() => {
    delete process.env.CI_REQUIRE_SYSTEM_PACKAGES;
    written = [];
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    write.mockRestore();
    if (saved === undefined) delete process.env.CI_REQUIRE_SYSTEM_PACKAGES;
    else process.env.CI_REQUIRE_SYSTEM_PACKAGES = saved;
  });

  it('run when the package is installed, silently', () => {
    expect(describeWith(present)).toBe(describe);
    expect(written).toEqual([]);
  });

  it('are skipped with one line naming what is missing and its Debian package', () => {
    expect(describeWith(present, absent)).toBe(describe.skip);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(
      /^skipped: test\/app\/system-packages\.e2e-spec\.ts needs absent-tool not installed \(Debian: apt-get install absent-pkg\)\n$/,
    );
  });

  it('fail under CI_REQUIRE_SYSTEM_PACKAGES=1 (.ci/run sets it)', () => {
    process.env.CI_REQUIRE_SYSTEM_PACKAGES = '1';
    expect(() => describeWith(absent)).toThrow('CI_REQUIRE_SYSTEM_PACKAGES=1 and absent-tool not installed');
    expect(describeWith(present)).toBe(describe);
  });
});
