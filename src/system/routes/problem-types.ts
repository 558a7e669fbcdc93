import Negotiator from 'negotiator';
import { Type as T } from 'typebox';
import { GardeError } from '../../platform/errors.ts';
import { type RouteInput, type RouteReply, type RouteSchemas, route } from '../../platform/http/route.ts';
import { ProblemSchema } from '../../platform/http/schemas.ts';
import {
  PROBLEM_TYPES,
  PROBLEMS_PATH,
  problemTypeOf,
  problemTypePage,
  problemTypesPage,
} from '../problem-types.ts';

const ProblemType = T.Object({
  type: T.String({ description: 'The type URI: a stable identifier, served here at /problems/<slug>' }),
  code: T.String(),
  status: T.Integer(),
  title: T.String(),
  cause: T.String({ description: 'What happened' }),
  fix: T.String({ description: 'What to do about it' }),
});

// A browser following a problem's `type` gets a page; an API client (no Accept, */*, JSON) the
// JSON. The same URL answers both, so it varies by Accept.
const JSON_FIRST = ['application/json', 'text/html'];
// Origin too, as every answer of Garde varies by it (the tracker's CORS): this header replaces it.
const CACHE = { vary: 'Origin, Accept', 'cache-control': 'public, max-age=300' };

function negotiated(headers: RouteInput<RouteSchemas>['headers'], json: unknown, html: () => string) {
  const accept = [headers.accept ?? []].flat().join(', ');
  const wanted = accept ? new Negotiator({ headers: { accept } }).mediaType(JSON_FIRST) : undefined;
  if (wanted !== 'text/html') return { status: 200, body: json, headers: CACHE } satisfies RouteReply;
  return { status: 200, body: html(), headers: { ...CACHE, 'content-type': 'text/html; charset=utf-8' } };
}

export const listProblemTypesRoute = route({
  method: 'GET',
  url: PROBLEMS_PATH,
  operationId: 'listProblemTypes',
  summary: 'Every problem type (RFC 9457): code, status, title, cause and fix; HTML to a browser',
  tags: ['system'],
  roles: 'public',
  schema: { response: { 200: T.Object({ items: T.Array(ProblemType) }) } },
  responses: {
    content: {
      200: { 'application/json': T.Object({ items: T.Array(ProblemType) }), 'text/html': T.String() },
    },
  },
  async handler({ headers }) {
    return negotiated(headers, { items: PROBLEM_TYPES }, problemTypesPage);
  },
});

export const getProblemTypeRoute = route({
  method: 'GET',
  url: `${PROBLEMS_PATH}/:slug`,
  operationId: 'getProblemType',
  summary: "The documentation of one problem type, where its `type` URI's last segment is the slug",
  tags: ['system'],
  roles: 'public',
  schema: {
    params: T.Object({ slug: T.String({ maxLength: 100 }) }, { additionalProperties: false }),
    response: { 200: ProblemType, 404: ProblemSchema },
  },
  responses: { content: { 200: { 'application/json': ProblemType, 'text/html': T.String() } } },
  async handler({ params, headers }) {
    const found = problemTypeOf(params.slug);
    if (!found) throw new GardeError('PROBLEM_TYPE_NOT_FOUND');
    return negotiated(headers, found, () => problemTypePage(found));
  },
});
