import { describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exitCodes';
import { runCli } from '../../helpers/cli';

describe('Command: console', () => {
  it('refuses a port that is not one, before serving anything', async () => {
    // Act
    const { code, stdout, stderr } = await runCli(['console', '--port', '70000', '--table', 'T', '--endpoint', inject('dynamoEndpoint'), '--no-open']);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stdout).toBe('');
    expect(stderr).toContain('error: --port must be a port number 0-65535 (got "70000")');
  });

  it('refuses arguments', async () => {
    // Act
    const { code, stdout, stderr } = await runCli(['console', 'jane@example.com', '--table', 'T', '--no-open']);

    // Assess
    expect(code).toBe(ExitCode.USAGE);
    expect(stdout).toBe('');
    expect(stderr).toContain('console takes no arguments');
  });

  it('fails on a table that does not exist before printing a URL', async () => {
    // Act
    const { code, stdout, stderr } = await runCli([
      'console',
      '--default-policy',
      '--table',
      'no-such-table',
      '--endpoint',
      inject('dynamoEndpoint'),
      '--no-open',
    ]);

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: the table does not exist or is not reachable with these settings/);
  });

  it('lists its options in its help', async () => {
    // Act
    const { code, stdout } = await runCli(['console', '--help']);

    // Assess
    expect(code).toBe(ExitCode.OK);
    for (const option of ['--port <port>', '--no-open', '--actor <name>', '--table <name>', '--region <region>', '--endpoint <url>'])
      expect(stdout).toContain(option);
  });
});
