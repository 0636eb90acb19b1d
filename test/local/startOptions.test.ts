import { describe, expect, it } from 'vitest';
import { StartUsageError } from '../../local/errors';
import { parseStartOptions, startUsage } from '../../local/startOptions';

describe('Function: parseStartOptions', () => {
  it('defaults to the samples, in memory, a free port, configuration set txn-mail', () => {
    // Act
    const options = parseStartOptions([]);

    // Assess
    expect(options).toEqual({ inputs: [], keep: false, configurationSet: 'txn-mail', verbose: false, help: false });
  });

  it('gives --keep the fixed port 8000, so that the printed CLI line is the same every run', () => {
    expect(parseStartOptions(['--keep']).port).toBe(8000);
    expect(parseStartOptions(['--keep', '--port', '9001']).port).toBe(9001);
    expect(parseStartOptions(['--port=9002']).port).toBe(9002);
  });

  it('reads every option and keeps files in order', () => {
    // Act
    const options = parseStartOptions(['a.json', '--data-dir', 'data', '--configuration-set', 'other', '--verbose', 'dir/']);

    // Assess
    expect(options).toEqual({ inputs: ['a.json', 'dir/'], keep: false, dataDir: 'data', configurationSet: 'other', verbose: true, help: false });
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['-x'], 'unknown option -x'],
    [['--data-dir'], '--data-dir needs a value (DIR)'],
    [['--data-dir', '--verbose'], '--data-dir needs a value (DIR)'],
    [['--data-dir='], '--data-dir needs a value (DIR)'],
    [['--configuration-set'], '--configuration-set needs a value (NAME)'],
    [['--port'], '--port needs a value (N)'],
    [['--verbose=yes'], '--verbose takes no value'],
    [['--keep', '--port', '0'], '--port must be an integer from 1 to 65535, not "0"'],
    [['--port', '65536'], '--port must be an integer from 1 to 65535, not "65536"'],
    [['--port', '80.5'], '--port must be an integer from 1 to 65535, not "80.5"'],
    [['--port', 'http'], '--port must be an integer from 1 to 65535, not "http"'],
  ])('refuses %j with one line: %s', (argv, message) => {
    // Act
    const parse = () => parseStartOptions(argv);

    // Assess
    expect(parse).toThrow(StartUsageError);
    expect(parse).toThrow(new StartUsageError(message));
  });
});

describe('Function: startUsage', () => {
  it('explains every option and the inputs', () => {
    // Act
    const help = startUsage();

    // Assess
    for (const option of ['--keep', '--port N', '--data-dir DIR', '--configuration-set NAME', '--verbose', '--help', 'FILE|DIR']) {
      expect(help).toMatch(new RegExp(`^  ${option.replace(/[|]/g, '\\|')} +\\S.{20,}`, 'm'));
    }
    expect(help).toContain('default: 8000 with --keep');
    expect(help).toContain('default: txn-mail');
  });
});
