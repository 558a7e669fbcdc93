import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import {
  IdParams,
  PageOf,
  PolicyName,
  ProblemSchema,
  pageParams,
  protectedErrors,
} from '../../platform/http/schemas.ts';
import { linkTheme, listThemes, unlinkTheme } from '../themes.ts';

const ThemeLinkView = T.Object({
  theme: T.String(),
  holdingId: T.String(),
  productCode: T.String(),
  accountRef: T.String(),
  linkedAt: T.String({ format: 'date-time' }),
});
/** What a change answers: every link of the subject after it. */
const ThemesView = T.Object({ items: T.Array(ThemeLinkView) });
const LinkParams = T.Object(
  {
    id: T.String({ format: 'uuid' }),
    theme: PolicyName,
    holdingId: T.String({ format: 'uuid' }),
  },
  { additionalProperties: false },
);

// BK-13: agents read theme links; only the customer (or an admin on their behalf) changes them.
export const listThemesRoute = route({
  method: 'GET',
  url: '/v1/subjects/:id/themes',
  operationId: 'listThemes',
  feature: 'themes',
  summary: 'Products and accounts the customer linked to themes',
  tags: ['themes'],
  roles: ['customer', 'agent', 'dpo', 'admin'],
  subjectScoped: true,
  schema: {
    params: IdParams,
    querystring: T.Object(pageParams(500, 100), { additionalProperties: false }),
    response: { 200: PageOf(ThemeLinkView), ...protectedErrors, 404: ProblemSchema },
  },
  async handler({ params, query }, { deps }) {
    return { status: 200, body: await listThemes(deps, params.id, query) };
  },
});

export const linkThemeRoute = route({
  method: 'PUT',
  url: '/v1/subjects/:id/themes/:theme/holdings/:holdingId',
  operationId: 'linkTheme',
  feature: 'themes',
  summary: 'Link a product or account the customer holds to a theme',
  tags: ['themes'],
  roles: ['customer', 'admin'],
  subjectScoped: true,
  schema: {
    params: LinkParams,
    response: { 200: ThemesView, ...protectedErrors, 404: ProblemSchema, 422: ProblemSchema },
  },
  async handler({ params }, { deps, actor }) {
    return {
      status: 200,
      body: { items: await linkTheme(deps, params.id, params.theme, params.holdingId, actor) },
    };
  },
});

export const unlinkThemeRoute = route({
  method: 'DELETE',
  url: '/v1/subjects/:id/themes/:theme/holdings/:holdingId',
  operationId: 'unlinkTheme',
  feature: 'themes',
  summary: 'Remove a product or account from a theme',
  tags: ['themes'],
  roles: ['customer', 'admin'],
  subjectScoped: true,
  schema: { params: LinkParams, response: { 200: ThemesView, ...protectedErrors, 404: ProblemSchema } },
  async handler({ params }, { deps, actor }) {
    return {
      status: 200,
      body: { items: await unlinkTheme(deps, params.id, params.theme, params.holdingId, actor) },
    };
  },
});
