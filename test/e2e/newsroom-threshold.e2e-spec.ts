import { bearer, createNewsroom, waitFor, withStack } from '../support/stack';

const ADMIN = bearer(process.env.ADMIN_API_KEY!);
const TEXT = 'Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years. I love this city.';

interface Claim {
  text: string;
  checkworthiness: number;
  status: string;
}

describe('per-newsroom check-worthiness threshold', () => {
  const stack = withStack();

  async function extracted(apiKey: string): Promise<Claim[]> {
    const submitted = await stack.http.post('/v1/articles').set(bearer(apiKey)).send({ text: TEXT }).expect(202);
    return waitFor(async () => {
      const response = await stack.http.get(`/v1/articles/${submitted.body.id}`).set(bearer(apiKey)).expect(200);
      return response.body.status !== 'received' && response.body.claims.length > 0 ? (response.body.claims as Claim[]) : null;
    });
  }

  it('an admin sets, reads and clears a newsroom threshold; its articles are extracted with it', async () => {
    const strict = await createNewsroom(stack, 'Strict desk');
    const lenient = await createNewsroom(stack, 'Lenient desk');
    const initial = await stack.http.get(`/v1/admin/newsrooms/${strict.id}`).set(ADMIN).expect(200);
    expect(initial.body).toMatchObject({ id: strict.id, name: 'Strict desk', checkworthyThreshold: null });
    expect(initial.body.effectiveCheckworthyThreshold).toBeGreaterThan(0);

    const set = await stack.http.patch(`/v1/admin/newsrooms/${strict.id}`).set(ADMIN).send({ checkworthyThreshold: 1 }).expect(200);
    expect(set.body).toMatchObject({ checkworthyThreshold: 1, effectiveCheckworthyThreshold: 1 });
    await stack.http.patch(`/v1/admin/newsrooms/${lenient.id}`).set(ADMIN).send({ checkworthyThreshold: 0 }).expect(200);

    // Same text, same scores: nothing is check-worthy at 1, everything at 0.
    const strictClaims = await extracted(strict.apiKey);
    const lenientClaims = await extracted(lenient.apiKey);
    expect(strictClaims.map((c) => c.checkworthiness)).toEqual(lenientClaims.map((c) => c.checkworthiness));
    expect(strictClaims.every((c) => c.status === 'not_checkworthy')).toBe(true);
    expect(lenientClaims.every((c) => c.status !== 'not_checkworthy')).toBe(true);

    const cleared = await stack.http.patch(`/v1/admin/newsrooms/${strict.id}`).set(ADMIN).send({ checkworthyThreshold: null }).expect(200);
    expect(cleared.body.checkworthyThreshold).toBeNull();
    expect(cleared.body.effectiveCheckworthyThreshold).toBe(initial.body.effectiveCheckworthyThreshold);
    const byDefault = await extracted(strict.apiKey);
    for (const c of byDefault) expect(c.status === 'not_checkworthy').toBe(c.checkworthiness < initial.body.effectiveCheckworthyThreshold);
  });

  it("/v1/extract previews with the caller's newsroom threshold (the default for reviewers and newsrooms without one)", async () => {
    const strict = await createNewsroom(stack, 'Strict preview desk');
    const plain = await createNewsroom(stack, 'Default preview desk');
    await stack.http.patch(`/v1/admin/newsrooms/${strict.id}`).set(ADMIN).send({ checkworthyThreshold: 1 }).expect(200);
    const preview = (apiKey: string) => stack.http.post('/v1/extract').set(bearer(apiKey)).send({ text: TEXT }).expect(200);
    const strictPreview = (await preview(strict.apiKey)).body;
    const defaultPreview = (await preview(plain.apiKey)).body;
    const effective = (await stack.http.get(`/v1/admin/newsrooms/${plain.id}`).set(ADMIN).expect(200)).body.effectiveCheckworthyThreshold;
    expect(strictPreview.threshold).toBe(1);
    expect(defaultPreview.threshold).toBe(effective);
    expect(strictPreview.claims.map((c: Claim) => c.checkworthiness)).toEqual(defaultPreview.claims.map((c: Claim) => c.checkworthiness));
    expect(strictPreview.claims.every((c: { checkworthy: boolean }) => !c.checkworthy)).toBe(true);
    expect(defaultPreview.claims.some((c: { checkworthy: boolean }) => c.checkworthy)).toBe(true);
    for (const c of defaultPreview.claims as { checkworthiness: number; checkworthy: boolean }[])
      expect(c.checkworthy).toBe(c.checkworthiness >= effective);
  });

  it('refuses bad thresholds, unknown newsrooms and non-admins', async () => {
    const newsroom = await createNewsroom(stack, 'Desk');
    for (const checkworthyThreshold of [1.5, -0.1, 'high', true])
      await stack.http.patch(`/v1/admin/newsrooms/${newsroom.id}`).set(ADMIN).send({ checkworthyThreshold }).expect(400);
    await stack.http.patch(`/v1/admin/newsrooms/${newsroom.id}`).set(ADMIN).send({}).expect(400);
    await stack.http.patch(`/v1/admin/newsrooms/${newsroom.id}`).set(ADMIN).send({ checkworthyThreshold: 0.5, name: 'x' }).expect(400);
    await stack.http
      .patch('/v1/admin/newsrooms/00000000-0000-4000-8000-000000000000')
      .set(ADMIN)
      .send({ checkworthyThreshold: 0.5 })
      .expect(404);
    await stack.http.patch('/v1/admin/newsrooms/not-a-uuid').set(ADMIN).send({ checkworthyThreshold: 0.5 }).expect(400);
    await stack.http
      .patch(`/v1/admin/newsrooms/${newsroom.id}`)
      .set(bearer(newsroom.apiKey))
      .send({ checkworthyThreshold: 0.5 })
      .expect(403);
  });
});
