// The record of processing activities of the policy in force (GDPR Art. 30), for the DPO who
// keeps it and hands it to the supervisory authority on request (Art. 30(4)): as JSON for a
// program, or as the page, spreadsheet or workbook `garde policy ropa` writes. Nothing of any
// person: the register describes processing, not people.
import { Type as T } from 'typebox';
import { GardeError } from '../../platform/errors.ts';
import {
  askedLanguages,
  ContentLanguageHeader,
  contentLanguage,
  LanguageParam,
} from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { Nullable, protectedErrors } from '../../platform/http/schemas.ts';
import { languageForReader } from '../../words/words.ts';
import {
  MEDIA_TYPES,
  REGISTER_TABLES,
  registerCsv,
  registerFileName,
  registerHtml,
  registerXlsx,
} from '../formats.ts';
import { CONTROLLER_COLUMNS, PROCESSOR_COLUMNS, registerOf } from '../register.ts';

const cellsOf = (columns: readonly string[]) =>
  T.Object(Object.fromEntries(columns.map((c) => [c, T.String({ minLength: 1 })])), {
    additionalProperties: false,
  });

const TableOf = (columns: readonly string[], row: string) =>
  T.Object({
    title: T.String({ description: 'The table’s heading in the answer’s language.' }),
    columns: T.Array(T.Object({ id: T.String(), title: T.String() }), {
      description: 'The columns in order: their stable `id` and their header in the answer’s language.',
    }),
    rows: T.Array(T.Object({ id: T.String({ description: row }), cells: cellsOf(columns) }), {
      description:
        'Every cell is words: a period in words, a country by its name, "not stated" (in the answer’s language) where the policy says nothing.',
    }),
  });

const RegisterView = T.Object({
  language: T.String({ description: 'The language of the words (one the policy declares).' }),
  title: T.String(),
  generatedFrom: T.String({ description: 'The policy it was drawn from, its version and date, in words.' }),
  policy: T.Object({ id: T.String(), version: T.String(), effectiveFrom: T.String() }),
  controller: TableOf(CONTROLLER_COLUMNS, 'The purpose (processing activity) of the row.'),
  processor: Nullable(
    TableOf(
      PROCESSOR_COLUMNS,
      'The partner controller the processing is done for (partnerControllers in the policy).',
    ),
  ),
});

const FORMATS = ['json', 'html', 'csv', 'xlsx'] as const;

export const getRegisterRoute = route({
  method: 'GET',
  url: '/v1/register',
  operationId: 'getProcessingRegister',
  summary:
    'The record of processing activities (GDPR Art. 30) of the policy in force: one row per purpose with every Art. 30(1) column, and the Art. 30(2) table where the policy processes for partners',
  tags: ['policy'],
  roles: ['dpo', 'admin'],
  schema: {
    querystring: T.Object(
      {
        format: T.Optional(
          T.Enum(FORMATS, {
            description:
              'json (the default), html (a page to read and print), csv (Art. 30(1), for a spreadsheet) or xlsx (a workbook, a sheet per table).',
          }),
        ),
        language: LanguageParam,
        table: T.Optional(
          T.Enum(REGISTER_TABLES, {
            description:
              'With format=csv (a CSV holds one table): controller (the default, Art. 30(1)) or processor (Art. 30(2); 404 FEATURE_NOT_DECLARED when the policy processes for no partner). The other formats hold both tables.',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    response: { 200: RegisterView, ...protectedErrors },
  },
  responses: {
    content: {
      200: {
        'application/json': RegisterView,
        'text/html': T.String({ description: 'A printable page (A4), a section per processing activity.' }),
        'text/csv': T.String({
          description:
            'RFC 4180, UTF-8 with a byte-order mark: a header row, then a row per processing activity (Art. 30(1)), or per partner with table=processor (Art. 30(2)).',
        }),
        [MEDIA_TYPES.xlsx]: T.String({
          format: 'binary',
          description: 'Sheet "Art. 30(1)", and "Art. 30(2)" when the policy processes for partners.',
        }),
      },
    },
    headers: {
      200: {
        ...ContentLanguageHeader,
        'Content-Disposition': {
          description:
            'csv, xlsx: attachment; filename="register-POLICY-VERSION-LANGUAGE.EXT", so a browser saves the file; html: inline, with the same name.',
          schema: T.String(),
        },
      },
    },
  },
  async handler({ query, headers }, { deps }) {
    const policy = deps.policy;
    const language = languageForReader(policy, askedLanguages(query.language, headers));
    const register = registerOf(policy, language);
    const format = query.format ?? 'json';
    const table = query.table ?? 'controller';
    if (query.table && format !== 'csv')
      throw new GardeError(
        'REQUEST_INVALID',
        `table is for format=csv: the ${format} register holds every table`,
      );
    if (table === 'processor' && !register.processor)
      throw new GardeError(
        'FEATURE_NOT_DECLARED',
        'The policy in force declares no partnerControllers: it processes for no partner and has no Art. 30(2) table',
      );
    const common = { 'cache-control': 'no-cache', vary: 'Accept-Language', ...contentLanguage(language) };
    if (format === 'json') return { status: 200, body: register, headers: common };
    const body =
      format === 'xlsx'
        ? await registerXlsx(register)
        : format === 'csv'
          ? registerCsv(register, table)
          : registerHtml(register);
    return {
      status: 200,
      body,
      headers: {
        ...common,
        'content-type': MEDIA_TYPES[format],
        // A page opens in the browser; a spreadsheet or workbook is saved.
        'content-disposition': `${format === 'html' ? 'inline' : 'attachment'}; filename="${registerFileName(register, format, table)}"`,
      },
    };
  },
});
