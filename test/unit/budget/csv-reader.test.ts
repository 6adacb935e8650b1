import { MissingColumnError, mapHeader } from '../../../functions/src/budget/csv/columns';
import { BudgetLineIndex } from '../../../functions/src/budget/csv/line-index';
import { EmptyFileError, readBudgetCsv } from '../../../functions/src/budget/csv/reader';
import { MAX_RECORD_BYTES } from '../../../functions/src/budget/csv/records';
import {
  EXECUTION_EN,
  EXECUTION_ZH,
  LINES_EN,
  LINES_ZH,
  PAYMENTS_EN,
  PAYMENTS_ZH,
  csv,
  encode,
  readAll,
  streamOf,
} from './csv-support';

const PAYMENT = '2026,202600000001,2026-03-14,141102001,2050203,30201,,某某商贸有限公司,1234.56,办公费支出';
const LINE = '2026,141102001,县教育局,2050203,普通教育-初中教育,30201,办公费,P20261234,初中专项,"1,000.00",1200.5';

describe('readBudgetCsv: headers', () => {
  it('reads English headers in any order, with extra columns ignored', async () => {
    const text = csv('note,amount,payee,purpose,year,pay_date,payment_id,unit_code,economic_code,function_code,project_code', 'x,10.00,张三,,2026,2026-01-02,P1,141102001,30201,2050203,');
    const { reader, items } = await readAll(encode(text, 'utf-8'), 'PAYMENTS');
    expect(reader.headerLanguage).toBe('EN');
    expect(items).toEqual([
      {
        line: 2,
        row: { year: 2026, paymentNumber: 'P1', date: '2026-01-02', unitCode: '141102001', functionCode: '2050203', economicCode: '30201', projectCode: '', payee: '张三', amountFen: 1000, purpose: '' },
        next: { byteOffset: Buffer.byteLength(text), line: 3 },
      },
    ]);
  });

  it('reads Chinese headers (trimmed) and English ones in any case', () => {
    expect(mapHeader('EXECUTION', EXECUTION_ZH.split(',').map((h) => ` ${h} `)).language).toBe('ZH');
    const upper = mapHeader('EXECUTION', EXECUTION_EN.toUpperCase().split(','));
    expect(upper.language).toBe('EN');
    expect(upper.columns.period).toEqual({ index: 1, name: 'PERIOD' });
  });

  it('a budget-lines file may leave out the optional name columns', async () => {
    const text = csv('year,unit_code,unit_name,function_code,economic_code,project_code,approved,adjusted', '2026,141102001,县教育局,2050203,30201,,100,100');
    const { items } = await readAll(encode(text, 'utf-8'), 'BUDGET_LINES');
    expect(items[0]?.row).toMatchObject({ functionName: '', economicName: '', projectName: '', approvedFen: 10000 });
  });

  it.each([
    ['EXECUTION', 'year,period,unit_code,function_code,economic_code,executed_to_date', 'project_code', 'project_code', 'The file has no column project_code'],
    ['EXECUTION', '年度,期间,单位编码,功能科目编码,经济科目编码,项目编码', 'executed_to_date', '累计支出数', 'The file has no column 累计支出数 (executed_to_date)'],
    ['PAYMENTS', PAYMENTS_ZH.replace('收款人,', ''), 'payee', '收款人', 'The file has no column 收款人 (payee)'],
    ['BUDGET_LINES', LINES_EN.replace(',adjusted', ''), 'adjusted', 'adjusted', 'The file has no column adjusted'],
    ['BUDGET_LINES', 'a,b,c', 'year', '年度', 'The file has no column 年度 (year)'],
    ['PAYMENTS', EXECUTION_EN, 'payment_id', 'payment_id', 'The file has no column payment_id'],
  ] as const)('%s with header %j lacks %s: it fails before any row', async (kind, header, column, name, message) => {
    const text = csv(header, '2026,2026-01,141102001,2050203,30201,,1.00');
    const reader = readBudgetCsv(streamOf(encode(text, 'utf-8')), kind, { year: 2026 });
    const iterator = reader[Symbol.asyncIterator]();
    const failure = await iterator.next().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(MissingColumnError);
    expect(failure).toMatchObject({ column, columnName: name, message });
  });

  it('an empty file (or one of blank lines) has no header', async () => {
    await expect(readAll(Buffer.alloc(0), 'PAYMENTS')).rejects.toThrow(EmptyFileError);
    await expect(readAll(encode('\r\n\r\n', 'utf-8'), 'PAYMENTS')).rejects.toThrow('The file is empty: it has no header row');
    await expect(readAll(encode('', 'utf-8-bom'), 'PAYMENTS')).rejects.toThrow(EmptyFileError);
  });
});

describe('readBudgetCsv: encodings', () => {
  const text = csv(PAYMENTS_ZH, PAYMENT, PAYMENT.replace('202600000001', '202600000002'));

  it.each([
    ['utf-8', 'UTF_8', 0],
    ['utf-8-bom', 'UTF_8', 3],
    ['gb18030', 'GB18030', 0],
  ] as const)('%s is detected as %s', async (encoding, detected, bom) => {
    const bytes = encode(text, encoding);
    for (const chunkSize of [undefined, 1, 2, 5, 64]) {
      const { reader, items } = await readAll(bytes, 'PAYMENTS', { year: 2026 }, chunkSize);
      expect(reader.encoding).toBe(detected);
      expect(reader.headerLanguage).toBe('ZH');
      expect(items.map((i) => i.row?.payee)).toEqual(['某某商贸有限公司', '某某商贸有限公司']);
      expect(items.map((i) => i.line)).toEqual([2, 3]);
      const headerBytes = encode(`${PAYMENTS_ZH}\r\n`, encoding === 'gb18030' ? 'gb18030' : 'utf-8').length;
      const rowBytes = encode(`${PAYMENT}\r\n`, encoding === 'gb18030' ? 'gb18030' : 'utf-8').length;
      expect(items.map((i) => i.next)).toEqual([
        { byteOffset: bom + headerBytes + rowBytes, line: 3 },
        { byteOffset: bytes.length, line: 4 },
      ]);
    }
  });

  it('a file of ASCII only is UTF_8, and its checkpoints leave the encoding open', async () => {
    const { reader, items } = await readAll(encode(csv(EXECUTION_EN, '2026,2026-01,141102001,2050203,30201,,5.00'), 'gb18030'), 'EXECUTION');
    expect(reader.encoding).toBe('UTF_8');
    expect(reader.resumeAfter(items[0]!).encoding).toBeNull();
  });

  it('GB18030 is detected even when the first non-ASCII bytes come late, and the ASCII rows before are read', async () => {
    const ascii = Array.from({ length: 300 }, (_, i) => PAYMENT.replace('某某商贸有限公司', `Company ${i}`).replace('办公费支出', 'office').replace('202600000001', `P${i}`));
    // 某某 is C4 B3 C4 B3 in GB18030, which is valid UTF-8 by accident: detection must look further.
    const chinese = Array.from({ length: 200 }, (_, i) => PAYMENT.replace('某某商贸有限公司', '某某').replace('202600000001', `Q${i}`));
    const bytes = encode(csv(PAYMENTS_EN, ...ascii, ...chinese), 'gb18030');
    const { reader, items } = await readAll(bytes, 'PAYMENTS', { year: 2026 }, 1000);
    expect(reader.encoding).toBe('GB18030');
    expect(items).toHaveLength(500);
    expect(items.every((i) => i.error === undefined)).toBe(true);
    expect(items[299]?.row?.payee).toBe('Company 299');
    expect(items[300]?.row).toMatchObject({ payee: '某某', purpose: '办公费支出' });
    expect(items[300]?.line).toBe(302);
  });

  it('bytes that are not text in the detected encoding are that row’s error', async () => {
    // Enough good rows first for the detection to settle on UTF-8.
    const many = Array.from({ length: 100 }, () => PAYMENT);
    const good = encode(csv(PAYMENTS_ZH, ...many), 'utf-8');
    const bad = Buffer.concat([good, Buffer.from('2026,P9,2026-03-14,141102001,2050203,30201,,'), Buffer.from([0xff, 0xfe]), Buffer.from(',1.00,x\r\n'), encode(csv(PAYMENT.replace('202600000001', 'P10')), 'utf-8')]);
    const { reader, items } = await readAll(bad, 'PAYMENTS');
    expect(reader.encoding).toBe('UTF_8');
    expect(items.slice(99).map((i) => i.error ?? i.row.paymentNumber)).toEqual(['202600000001', { line: 102, column: null, message: 'The line is not valid UTF-8 text' }, 'P10']);
  });
});

describe('readBudgetCsv: records', () => {
  it('counts physical lines across quoted line breaks, CRLF or LF, and skips blank lines and rows of empty fields', async () => {
    const text = [
      PAYMENTS_EN,
      '2026,A1,2026-01-02,141102001,2050203,30201,,"某某\r\n公司",1.00,"第一行\n第二行"',
      '',
      ',,,,,,,,,',
      '2026,A2,2026-01-02,141102001,2050203,30201,,张三,0,x',
      '2026,A3,2026-01-02,141102001,2050203,30201,,"李""四",2.00,"a,b"',
    ].join('\n');
    for (const encoding of ['utf-8', 'gb18030'] as const) {
      const { items } = await readAll(encode(text, encoding), 'PAYMENTS', { year: 2026 }, 3);
      expect(items.map((i) => [i.line, i.next.line, i.error?.line])).toEqual([
        [2, 5, undefined],
        [7, 8, 7],
        [8, 9, undefined],
      ]);
      expect(items[0]?.row).toMatchObject({ payee: '某某\r\n公司', purpose: '第一行\n第二行' });
      expect(items[1]?.error).toEqual({ line: 7, column: 'amount', message: 'A payment must be more than zero' });
      expect(items[2]?.row).toMatchObject({ payee: '李"四', purpose: 'a,b', amountFen: 200 });
      expect(items[2]?.next.byteOffset).toBe(encode(text, encoding).length);
    }
  });

  it('a malformed record is its own error; its neighbours are read', async () => {
    const text = csv(PAYMENTS_EN, PAYMENT, '2026,"B"x,2026-01-02,141102001,2050203,30201,,张三,1.00,x', PAYMENT.replace('202600000001', 'B2'), '2026,B3,2026-01-02,141102001,2050203,30201,,"open,1.00,x');
    const { items } = await readAll(encode(text, 'utf-8'), 'PAYMENTS');
    expect(items.map((i) => i.error ?? i.row.paymentNumber)).toEqual([
      '202600000001',
      { line: 3, column: null, message: 'A quote inside a quoted field must be doubled ("")' },
      'B2',
      { line: 5, column: null, message: 'A quoted field is not closed' },
    ]);
  });

  it('a quote in the middle of an unquoted value is an error of that record only', async () => {
    const text = csv(PAYMENTS_EN, '2026,C1,2026-01-02,141102001,2050203,30201,,某"某,1.00,x', PAYMENT);
    const { items } = await readAll(encode(text, 'gb18030'), 'PAYMENTS');
    expect(items.map((i) => i.error ?? i.row.payee)).toEqual([
      { line: 2, column: null, message: 'A quote may only start a field (quote the whole value and double the quote: "某""某")' },
      '某某商贸有限公司',
    ]);
  });

  it('an unclosed quote cannot swallow the file: an over-long record is one error', async () => {
    const long = `2026,D1,2026-01-02,141102001,2050203,30201,,"${'x'.repeat(MAX_RECORD_BYTES)}`;
    const text = csv(PAYMENTS_EN, long, PAYMENT);
    const { items } = await readAll(encode(text, 'utf-8'), 'PAYMENTS', { year: 2026 }, 4096);
    expect(items.map((i) => i.error ?? i.row.paymentNumber)).toEqual([
      { line: 2, column: null, message: `The line is longer than ${MAX_RECORD_BYTES} bytes (is a quote left open?)` },
      '202600000001',
    ]);
  });

  it('a last line without a line break is read', async () => {
    const text = `${PAYMENTS_EN}\n${PAYMENT}`;
    const { items } = await readAll(encode(text, 'utf-8'), 'PAYMENTS');
    expect(items).toHaveLength(1);
    expect(items[0]?.next.byteOffset).toBe(Buffer.byteLength(text));
  });
});

describe('readBudgetCsv: rows', () => {
  it('types a budget line (amounts in fen, names trimmed)', async () => {
    const { items } = await readAll(encode(csv(LINES_ZH, LINE), 'gb18030'), 'BUDGET_LINES');
    expect(items[0]?.row).toEqual({
      year: 2026,
      unitCode: '141102001',
      unitName: '县教育局',
      functionCode: '2050203',
      functionName: '普通教育-初中教育',
      economicCode: '30201',
      economicName: '办公费',
      projectCode: 'P20261234',
      projectName: '初中专项',
      approvedFen: 100000,
      adjustedFen: 120050,
    });
  });

  it('types an execution row; periods may be written YYYY-M, YYYY/MM or YYYYMM', async () => {
    const { items } = await readAll(encode(csv(EXECUTION_EN, '2026,2026-03,141102001,2050203,30201,P1,0', '2026,2026-4,141102001,2050203,30201,,1', '2026,2026/05,141102001,2050203,30201,,1', '2026,202612,141102001,2050203,30201,,1'), 'utf-8'), 'EXECUTION');
    expect(items[0]?.row).toEqual({ year: 2026, period: '2026-03', unitCode: '141102001', functionCode: '2050203', economicCode: '30201', projectCode: 'P1', executedToDateFen: 0 });
    expect(items.map((i) => i.row?.period)).toEqual(['2026-03', '2026-04', '2026-05', '2026-12']);
  });

  it('payment dates may be written YYYY/M/D or YYYYMMDD', async () => {
    const rows = ['2026/3/5', '20261231', '2026-02-28'].map((d, i) => `2026,E${i},${d},141102001,2050203,30201,,张三,1.00,x`);
    const { items } = await readAll(encode(csv(PAYMENTS_EN, ...rows), 'utf-8'), 'PAYMENTS');
    expect(items.map((i) => i.row?.date)).toEqual(['2026-03-05', '2026-12-31', '2026-02-28']);
  });

  const execution = (fields: Partial<Record<string, string>>) => {
    const row = { year: '2026', period: '2026-03', unit_code: '141102001', function_code: '2050203', economic_code: '30201', project_code: '', executed_to_date: '1.00', ...fields };
    return EXECUTION_EN.split(',').map((c) => row[c as keyof typeof row]).join(',');
  };
  const payment = (fields: Partial<Record<string, string>>) => {
    const row = { year: '2026', payment_id: 'P1', pay_date: '2026-03-14', unit_code: '141102001', function_code: '2050203', economic_code: '30201', project_code: '', payee: '张三', amount: '1.00', purpose: 'x', ...fields };
    return PAYMENTS_EN.split(',').map((c) => row[c as keyof typeof row]).join(',');
  };
  const line = (fields: Partial<Record<string, string>>) => {
    const row = { year: '2026', unit_code: '141102001', unit_name: '县教育局', function_code: '2050203', function_name: '', economic_code: '30201', economic_name: '', project_code: '', project_name: '', approved: '1.00', adjusted: '1.00', ...fields };
    return LINES_EN.split(',').map((c) => row[c as keyof typeof row]).join(',');
  };

  it.each([
    ['EXECUTION', execution({ period: '2026-13' }), 'period', 'There is no month 13'],
    ['EXECUTION', execution({ period: '2026-00' }), 'period', 'There is no month 0'],
    ['EXECUTION', execution({ period: '2025-12' }), 'period', 'The period 2025-12 is not in 2026'],
    ['EXECUTION', execution({ period: 'March' }), 'period', '"March" is not a period (YYYY-MM)'],
    ['EXECUTION', execution({ period: '' }), 'period', 'The period is missing'],
    ['EXECUTION', execution({ executed_to_date: '-5.00' }), 'executed_to_date', 'A cumulative amount is never negative'],
    ['EXECUTION', execution({ executed_to_date: '1.234' }), 'executed_to_date', '"1.234" is not an amount in yuan (like 1234.56)'],
    ['EXECUTION', execution({ year: '2025' }), 'year', 'The year is 2025, but this import is for 2026'],
    ['EXECUTION', execution({ year: '26' }), 'year', '"26" is not a year'],
    ['EXECUTION', execution({ year: '' }), 'year', 'The year is missing'],
    ['EXECUTION', execution({ unit_code: 'X1' }), 'unit_code', '"X1" is not a unit code (digits only, at most 20)'],
    ['EXECUTION', execution({ unit_code: '1'.repeat(21) }), 'unit_code', `"${'1'.repeat(21)}" is not a unit code (digits only, at most 20)`],
    ['EXECUTION', execution({ unit_code: '' }), 'unit_code', 'The unit code is missing'],
    ['EXECUTION', execution({ function_code: '20502' }), 'function_code', '"20502" is not a functional classification code of 7 digits (项)'],
    ['EXECUTION', execution({ function_code: '205020a' }), 'function_code', '"205020a" is not a functional classification code of 7 digits (项)'],
    ['EXECUTION', execution({ economic_code: '302' }), 'economic_code', '"302" is not an economic classification code of 5 digits (款)'],
    ['EXECUTION', execution({ project_code: 'P 1' }), 'project_code', '"P 1" is not a project code (no spaces, at most 40 characters)'],
    ['PAYMENTS', payment({ pay_date: '2026-02-30' }), 'pay_date', 'The date 2026-02-30 does not exist'],
    ['PAYMENTS', payment({ pay_date: '2026-13-01' }), 'pay_date', 'The date 2026-13-01 does not exist'],
    ['PAYMENTS', payment({ pay_date: '2027-01-01' }), 'pay_date', 'The date 2027-01-01 is not in 2026'],
    ['PAYMENTS', payment({ pay_date: '14.03.2026' }), 'pay_date', '"14.03.2026" is not a date (YYYY-MM-DD)'],
    ['PAYMENTS', payment({ amount: '0.00' }), 'amount', 'A payment must be more than zero'],
    ['PAYMENTS', payment({ amount: '-1.00' }), 'amount', 'A payment must be more than zero'],
    ['PAYMENTS', payment({ amount: '' }), 'amount', 'The amount is missing'],
    ['PAYMENTS', payment({ payment_id: '' }), 'payment_id', 'The payment number is missing'],
    ['PAYMENTS', payment({ payee: ' ' }), 'payee', 'The payee is missing'],
    ['PAYMENTS', payment({ payee: '某'.repeat(201) }), 'payee', 'The payee is longer than 200 characters'],
    ['BUDGET_LINES', line({ approved: '"12,3a"' }), 'approved', '"12,3a" is not an amount in yuan (like 1234.56)'],
    ['BUDGET_LINES', line({ approved: '-1' }), 'approved', 'A budget amount is never negative'],
    ['BUDGET_LINES', line({ adjusted: '-0.01' }), 'adjusted', 'A budget amount is never negative'],
    ['BUDGET_LINES', line({ unit_name: '' }), 'unit_name', 'The unit name is missing'],
    ['BUDGET_LINES', line({ function_code: '20501', approved: 'x' }), 'function_code', '"20501" is not a functional classification code of 7 digits (项)'],
  ] as const)('%s row %j: %s — %s', async (kind, row, column, message) => {
    const header = kind === 'EXECUTION' ? EXECUTION_EN : kind === 'PAYMENTS' ? PAYMENTS_EN : LINES_EN;
    const { items } = await readAll(encode(csv(header, row), 'utf-8'), kind);
    expect(items.map((i) => i.error)).toEqual([{ line: 2, column, message }]);
  });

  it('names the column as the file’s header writes it (Chinese, or with its own spacing and case)', async () => {
    const zh = await readAll(encode(csv(EXECUTION_ZH, execution({ period: '2026-13' })), 'gb18030'), 'EXECUTION');
    expect(zh.items[0]?.error).toEqual({ line: 2, column: '期间', message: 'There is no month 13' });
    const en = await readAll(encode(csv(EXECUTION_EN.replace('period', ' Period '), execution({ period: '2026-13' })), 'utf-8'), 'EXECUTION');
    expect(en.items[0]?.error?.column).toBe('Period');
  });

  it('a short row misses the values of the columns it lacks', async () => {
    const { items } = await readAll(encode(csv(EXECUTION_EN, '2026,2026-03,141102001'), 'utf-8'), 'EXECUTION');
    expect(items[0]?.error).toEqual({ line: 2, column: 'function_code', message: 'The functional classification code is missing' });
  });

  it('checks execution and payment rows against the budget lines through the hook', async () => {
    const lines = new BudgetLineIndex([{ unitCode: '141102001', functionCode: '2050203', economicCode: '30201', projectCode: '' }]);
    const text = csv(
      EXECUTION_EN,
      execution({}),
      execution({ unit_code: '141102999' }),
      execution({ function_code: '2299999' }),
      execution({ economic_code: '30299' }),
      execution({ project_code: 'P1' }),
    );
    const { items } = await readAll(encode(text, 'utf-8'), 'EXECUTION', { year: 2026, lines });
    expect(items.map((i) => i.error ?? 'ok')).toEqual([
      'ok',
      { line: 3, column: 'unit_code', message: 'No budget line of unit 141102999' },
      { line: 4, column: 'function_code', message: 'No budget line with these codes' },
      { line: 5, column: 'economic_code', message: 'No budget line with these codes' },
      { line: 6, column: 'project_code', message: 'No budget line with these codes' },
    ]);
    const payments = await readAll(encode(csv(PAYMENTS_EN, payment({}), payment({ function_code: '2299999' })), 'utf-8'), 'PAYMENTS', { year: 2026, lines });
    expect(payments.items.map((i) => i.error?.column ?? 'ok')).toEqual(['ok', 'function_code']);
  });
});
