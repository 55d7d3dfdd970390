import { type Browser, type Page } from 'playwright-core';
import {
  type ConsoleTab,
  baseUrl,
  launchChromium,
  openConsole,
  screenshot,
  seriousAccessibilityViolations,
  signIn,
} from '../support/browser';
import { ADMIN_KEY, bearer, createNewsroom, createReviewer, startStack, type Stack, waitFor } from '../support/stack';
import { WebhookReceiver } from '../support/webhook-receiver';

// A lease short enough that only the console's automatic heartbeats can keep it through a test.
const LEASE_SECONDS = 9;

const DESK_ARTICLE = [
  'Unemployment fell to 3.1% in 2024, the lowest level since 1998, the national statistics office said on Tuesday.',
  'The government spent 4.2 billion euros on rail projects last year, twice as much as in 2019.',
  'Crime in the capital rose by 12% between 2020 and 2023, according to police figures.',
  'Officials said 40,000 new homes were built across the country in 2023.',
  'The mayor thanked the volunteers.',
].join(' ');

// Untrusted text that would run script if any of it reached the page as HTML.
const HOSTILE_CLAIM = 'The minister said <img src=x onerror="window.__pwned=1;alert(1)"> that 75% of schools were renovated in 2023.';
const HOSTILE_ARTICLE = `Residents met at the town hall on Monday. ${HOSTILE_CLAIM} <script>window.__pwned=2</script> The meeting ended at noon.`;
const HOSTILE_FACT_CHECK = {
  claimText: 'The minister said <img src=x onerror="window.__pwned=3"> that 75% of schools were renovated in 2023.',
  rating: 'false',
  url: 'https://factcheck.example/schools',
  publisher: '<script>window.__pwned=4</script>Fact Desk',
};
const HOSTILE_TITLE = '<img src=x onerror="window.__pwned=5;alert(5)">Schools were not renovated';

interface TaskDto {
  id: string;
  claimId: string;
  status: string;
  leaseExpiresAt: string | null;
  claim: { id: string; text: string; articleId: string; status: string };
  suggestions: { claimText: string }[];
}

interface ClaimDto {
  id: string;
  status: string;
  checkworthiness: number;
}

describe('the browser console at /console (Chromium against the real API and worker)', () => {
  let stack: Stack;
  let browser: Browser;
  let receiver: WebhookReceiver;
  let newsroom: { id: string; apiKey: string };
  let reviewer: { id: string; apiKey: string };
  let deskArticleId: string;
  let hostileTaskId: string;
  const tabs: ConsoleTab[] = [];

  const open = async () => {
    const tab = await openConsole(browser, stack);
    tabs.push(tab);
    return tab;
  };
  const openTasks = async (): Promise<TaskDto[]> =>
    (await stack.http.get('/v1/review-tasks?status=open&limit=200').set(bearer(reviewer.apiKey)).expect(200)).body.items;
  /**
   * The queue (which refreshes itself) lists what the API lists as open. Compared with the API's list at
   * each look, not a count taken once: an earlier test's tab may let a short lease lapse meanwhile.
   */
  const queueShowsEveryOpenTask = (page: Page) => async () => (await page.getByTestId('queue-item').count()) === (await openTasks()).length;
  const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    stack = await startStack({ env: { REVIEW_LEASE_SECONDS: String(LEASE_SECONDS), WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
    browser = await launchChromium();
    newsroom = await createNewsroom(stack, 'Harbour Gazette');
    reviewer = await createReviewer(stack, 'Rita', ['en']);

    // A fact-check with a script-bearing headline (title, where the library keeps one) and publisher.
    const withTitle = await stack.http
      .post('/v1/fact-checks')
      .set(bearer(newsroom.apiKey))
      .send({ ...HOSTILE_FACT_CHECK, title: HOSTILE_TITLE });
    if (withTitle.status !== 201)
      await stack.http.post('/v1/fact-checks').set(bearer(newsroom.apiKey)).send(HOSTILE_FACT_CHECK).expect(201);

    const submit = async (title: string, text: string) =>
      (
        await stack.http
          .post('/v1/articles')
          .set(bearer(newsroom.apiKey))
          .send({ title, text, url: 'https://gazette.example/news' })
          .expect(202)
      ).body.id as string;
    deskArticleId = await submit('Jobs, rail and homes', DESK_ARTICLE);
    const hostileArticleId = await submit('Town hall <b onmouseover="window.__pwned=6">meeting</b>', HOSTILE_ARTICLE);

    // Every claim past verification first: tasks that appeared later changed the queue's length
    // under the tests that count it.
    const verified = async (articleId: string) => {
      const claims = (await stack.http.get(`/v1/articles/${articleId}`).set(bearer(newsroom.apiKey)).expect(200)).body.claims as Array<{
        status: string;
      }>;
      return claims.length > 0 && claims.every((claim) => !['pending', 'verifying'].includes(claim.status));
    };
    const tasks = await waitFor(async () => {
      if (!(await verified(deskArticleId)) || !(await verified(hostileArticleId))) return null;
      const items = await openTasks();
      const hostile = items.find((task) => task.claim.articleId === hostileArticleId && task.suggestions.length > 0);
      return hostile && items.filter((task) => task.claim.articleId === deskArticleId).length >= 2 ? items : null;
    }, 40000);
    hostileTaskId = tasks.find((task) => task.claim.articleId === hostileArticleId)!.id;
  });

  afterAll(async () => {
    for (const tab of tabs) await tab.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
    await receiver?.close();
  });

  it('is served with a strict Content-Security-Policy and no inline script', async () => {
    const response = await fetch(`${baseUrl(stack)}/console`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [tag, body] of scripts) {
      expect(tag).toMatch(/src="\/console\/assets\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
    const asset = html.match(/src="(\/console\/assets\/[^"]+\.js)"/)![1];
    const script = await fetch(`${baseUrl(stack)}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect(script.headers.get('content-encoding')).toBe('gzip'); // fetch asks for gzip and decodes it
    expect((await fetch(`${baseUrl(stack)}/console/assets/missing.js`)).status).toBe(404);
  });

  it("gives reviewers a task's article in full (the text its offsets refer to), and no one else", async () => {
    const task = (await openTasks()).find((item) => item.id === hostileTaskId)!;
    const article = (await stack.http.get(`/v1/review-tasks/${task.id}/article`).set(bearer(reviewer.apiKey)).expect(200)).body;
    expect(article).toMatchObject({
      id: task.claim.articleId,
      newsroom: { id: newsroom.id, name: 'Harbour Gazette' },
      text: HOSTILE_ARTICLE,
    });
    expect(article.text.slice((task.claim as unknown as { start: number }).start)).toMatch(/^The minister said/);
    await stack.http.get(`/v1/review-tasks/${task.id}/article`).set(bearer(newsroom.apiKey)).expect(403);
    await stack.http.get('/v1/review-tasks/00000000-0000-4000-8000-000000000000/article').set(bearer(reviewer.apiKey)).expect(404);
    await stack.http.get('/v1/review-tasks/not-a-uuid/article').set(bearer(reviewer.apiKey)).expect(400);
  });

  it('shows auth-error for a bad key and keeps nothing in the tab', async () => {
    const { page } = await open();
    await screenshot(page, 'sign-in');
    await page.getByTestId('api-key').fill('cf_not_a_real_key');
    await page.getByTestId('sign-in').click();
    await expect(page.getByTestId('auth-error').textContent()).resolves.toMatch(/unknown or revoked/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.getByTestId('sign-out').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('renders script-bearing article text, fact-checks and evidence as text: nothing runs', async () => {
    const { page, dialogs } = await open();
    await signIn(page, reviewer.apiKey);
    await page.locator(`[data-testid="queue-item"][data-task-id="${hostileTaskId}"] button`).click();
    await page.getByTestId('claim-highlight').waitFor();
    await expect(page.getByTestId('task-claim').textContent()).resolves.toContain('<img src=x onerror=');
    await expect(page.getByTestId('claim-highlight').textContent()).resolves.toContain('<img src=x onerror=');
    await expect(page.getByTestId('task-article').textContent()).resolves.toContain('<script>window.__pwned=2</script>');
    await page.getByTestId('suggestion').first().waitFor();
    await expect(page.getByTestId('task-suggestions').textContent()).resolves.toContain('<script>window.__pwned=4</script>');

    await page.getByTestId('evidence-url').fill('https://records.example/schools');
    await page.getByTestId('evidence-stance').selectOption('refutes');
    await page.getByTestId('evidence-title').fill('<script>window.__pwned=7</script>Audit');
    await page.getByTestId('evidence-excerpt').fill('<img src=x onerror="window.__pwned=8;alert(8)">');
    await page.getByTestId('evidence-add').click();
    await page.getByText('<script>window.__pwned=7</script>Audit').waitFor();

    // The page holds no element built from the texts, and the CSP refuses even an inline script added later.
    expect(await page.locator('img, iframe, object, embed').count()).toBe(0);
    await page.evaluate(() => {
      const inline = document.createElement('script');
      inline.textContent = 'window.__pwned = "inline"';
      document.body.append(inline);
    });
    expect(await pwned(page)).toBeUndefined();
    expect(dialogs).toEqual([]);

    await page.getByTestId('dismiss-reason').fill('a quote about a quote, not checkable');
    await page.getByTestId('dismiss').click();
    await page.getByTestId('task-done').waitFor();
    const hostile = (await stack.http.get(`/v1/review-tasks/${hostileTaskId}`).set(bearer(reviewer.apiKey)).expect(200)).body;
    expect(hostile.status).toBe('done');
    expect(hostile.claim.status).toBe('dismissed');
    expect(hostile.claim.evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ title: '<script>window.__pwned=7</script>Audit' })]),
    );
    expect(await pwned(page)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('takes a reviewer from sign-in to a verdict in under ten keystrokes plus the summary', async () => {
    const { page } = await open();
    const summary = 'Official statistics confirm the figure.';
    let keystrokes = 0;
    const press = async (key: string) => {
      keystrokes += 1;
      await page.keyboard.press(key);
    };

    await page.getByTestId('api-key').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('api-key');
    keystrokes += 1; // one paste
    await page.keyboard.insertText(reviewer.apiKey);
    await press('Enter');
    await page.getByTestId('queue-item').first().waitFor();
    await screenshot(page, 'reviewer-queue');
    await waitFor(queueShowsEveryOpenTask(page));
    await expect(page.getByTestId('queue-item').first().textContent()).resolves.toMatch(/P \d\.\d\d.*en.*gazette\.example/);

    await press('n');
    await page.getByTestId('task-claim').waitFor();
    await page.getByTestId('claim-highlight').waitFor();
    const claimText = await page.getByTestId('task-claim').textContent();
    expect(await page.getByTestId('claim-highlight').textContent()).toBe(claimText);
    expect(DESK_ARTICLE).toContain(claimText!);
    await expect(page.getByTestId('lease-remaining').textContent()).resolves.toMatch(/^0:\d\d$/);
    await screenshot(page, 'reviewer-task');

    const ratings = await page
      .getByTestId('verdict-rating')
      .locator('option')
      .evaluateAll((options) => options.map((o) => o.getAttribute('value')));
    expect(ratings).toEqual(['true', 'mostly_true', 'mixed', 'mostly_false', 'false', 'misleading', 'unverifiable']);
    expect(await page.getByTestId('verdict-rating').inputValue()).toBe(''); // no rating until the reviewer picks one
    await press('2');
    expect(await page.getByTestId('verdict-rating').inputValue()).toBe('mostly_true');
    await press('s');
    await page.keyboard.type(summary);
    await press('Control+Enter');
    await page.getByTestId('task-done').waitFor();
    await screenshot(page, 'reviewer-done');
    expect(keystrokes).toBeLessThan(10);

    const claims = (await stack.http.get(`/v1/articles/${deskArticleId}`).set(bearer(newsroom.apiKey)).expect(200)).body.claims;
    const verified = claims.find((claim: { text: string }) => claim.text === claimText);
    expect(verified).toMatchObject({ status: 'verified', verdict: { rating: 'mostly_true', summary } });
  });

  it('keeps the lease alive with heartbeats, and says so clearly when another tab lost it (409)', async () => {
    const first = await open();
    await signIn(first.page, reviewer.apiKey);
    await first.page.getByTestId('claim-next').click();
    await first.page.getByTestId('task-claim').waitFor();
    const claimText = await first.page.getByTestId('task-claim').textContent();
    const held = async () =>
      (await stack.http.get('/v1/review-tasks?status=claimed&limit=200').set(bearer(reviewer.apiKey)).expect(200)).body.items.find(
        (task: TaskDto) => task.claim.text === claimText,
      ) as TaskDto | undefined;
    const leasedAt = Date.parse((await held())!.leaseExpiresAt!);

    // Past the lease's own length the task is still held: the tab renewed it by itself.
    await first.page.waitForTimeout((LEASE_SECONDS + 2) * 1000);
    const renewed = await held();
    expect(renewed?.status).toBe('claimed');
    expect(Date.parse(renewed!.leaseExpiresAt!)).toBeGreaterThan(leasedAt);

    // The same reviewer, in another tab, resumes the task and releases it.
    const second = await open();
    await signIn(second.page, reviewer.apiKey);
    await second.page.getByTestId('my-tasks').locator('li', { hasText: claimText! }).getByTestId('resume-task').click();
    await expect(second.page.getByTestId('task-claim').textContent()).resolves.toBe(claimText);
    await second.page.getByTestId('release').click();
    await second.page.getByTestId('queue-notice').waitFor();

    await first.page.getByTestId('verdict-rating').selectOption('false');
    await first.page.getByTestId('verdict-summary').fill('Too late: the task was released elsewhere.');
    // The first tab learns of the loss from this submit (409), or from its own heartbeat if that comes
    // first: then submit is already disabled and there is nothing to press.
    await first.page
      .getByTestId('verdict-submit')
      .click({ timeout: 5000 })
      .catch(() => undefined);
    await expect(first.page.getByTestId('lease-lost').textContent()).resolves.toMatch(/lease on this task was lost/);
    await screenshot(first.page, 'reviewer-lease-lost');
    expect(await first.page.getByTestId('verdict-submit').isDisabled()).toBe(true);
    const open_ = (await openTasks()).find((task) => task.claim.text === claimText);
    expect(open_?.claim.status).toBe('needs_review');
    expect(open_?.claim).not.toHaveProperty('verdict.rating');
  });

  it('filters the queue by language, passes axe-core on the task view, releases with R', async () => {
    const { page } = await open();
    await signIn(page, reviewer.apiKey);
    await page.getByTestId('queue-item').first().waitFor();

    // The language filter applies to the queue (every task here is in English).
    await page.getByTestId('queue-language').fill('de');
    await page.getByTestId('queue-language').press('Enter');
    await waitFor(async () => (await page.getByTestId('queue-item').count()) === 0);
    await page.getByTestId('queue-language').fill('en');
    await page.getByTestId('queue-language').press('Enter');
    await waitFor(queueShowsEveryOpenTask(page));

    await page.getByTestId('claim-next').click();
    await page.getByTestId('claim-highlight').waitFor();
    const claimed = await page.getByTestId('task-claim').textContent();
    expect((await openTasks()).some((task) => task.claim.text === claimed)).toBe(false);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('r');
    await page.getByTestId('queue-notice').waitFor();
    expect((await openTasks()).some((task) => task.claim.text === claimed)).toBe(true);
  });

  it('shows a newsroom its articles and claims, promotes a claim and submits a text', async () => {
    const { page, dialogs } = await open();
    await signIn(page, newsroom.apiKey);
    await page.getByTestId('article-item').nth(1).waitFor();
    const items = page.getByTestId('article-item');
    expect(await items.count()).toBe(2);
    await expect(items.first().textContent()).resolves.toContain('Town hall <b onmouseover="window.__pwned=6">meeting</b>');
    await expect(page.locator(`[data-article-id="${deskArticleId}"] [data-testid="article-status"]`).textContent()).resolves.toMatch(
      /verifying|completed/,
    );
    await screenshot(page, 'newsroom-articles');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.locator(`[data-article-id="${deskArticleId}"] button`).click();
    await page.getByTestId('claim-span').first().waitFor();
    const article = (await stack.http.get(`/v1/articles/${deskArticleId}`).set(bearer(newsroom.apiKey)).expect(200)).body;
    const spans = page.getByTestId('claim-span');
    expect(await spans.count()).toBe(article.claims.length);
    expect(await page.getByTestId('article-text').textContent()).toBe(article.text);
    const statuses = await spans.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-status')));
    const byStart = [...article.claims].sort((a: { start: number }, b: { start: number }) => a.start - b.start);
    expect(statuses).toEqual(byStart.map((claim: ClaimDto) => claim.status));
    await expect(page.getByTestId('claim-verdict').first().textContent()).resolves.toContain('Official statistics confirm the figure.');
    await screenshot(page, 'newsroom-article');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // "The mayor thanked the volunteers." is not check-worthy: the newsroom sends it to review anyway.
    const unchecked: ClaimDto = article.claims.find((claim: ClaimDto) => claim.status === 'not_checkworthy');
    expect(unchecked).toBeDefined();
    await page.locator(`[data-testid="claim-row"][data-claim-id="${unchecked.id}"] [data-testid="promote"]`).click();
    await page.locator(`[data-testid="claim-span"][data-claim-id="${unchecked.id}"]:not([data-status="not_checkworthy"])`).waitFor();
    await stack.http
      .get(`/v1/claims/${unchecked.id}`)
      .set(bearer(newsroom.apiKey))
      .expect(200)
      .expect((answer) => {
        expect(answer.body.status).not.toBe('not_checkworthy');
      });

    await page.getByTestId('nav-submit').click();
    await page.getByTestId('submit-article-title').fill('Bridge costs');
    await page
      .getByTestId('submit-article-text')
      .fill('<p>The new bridge cost 310 million euros, 40% over budget, the audit office said in 2025.</p>');
    await screenshot(page, 'newsroom-submit');
    await page.getByTestId('submit-article').click();
    await page.getByTestId('claim-span').first().waitFor();
    await expect(page.getByTestId('article-text').textContent()).resolves.toContain('The new bridge cost 310 million euros');
    const listed = (await stack.http.get('/v1/articles').set(bearer(newsroom.apiKey)).expect(200)).body.items;
    expect(listed[0]).toMatchObject({ title: 'Bridge costs' });
    expect(await pwned(page)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('lets a newsroom register a webhook, read its delivery log and redeliver', async () => {
    const { page } = await open();
    await signIn(page, newsroom.apiKey);
    await page.getByTestId('nav-webhooks').click();
    await page.getByTestId('webhook-url').fill(receiver.url);
    await page.getByTestId('webhook-add').click();
    await expect(page.getByTestId('webhook-secret').textContent()).resolves.toMatch(/^whsec_/);
    const [endpoint] = (await stack.http.get('/v1/webhooks').set(bearer(newsroom.apiKey)).expect(200)).body.items;
    expect(endpoint.url).toBe(receiver.url);

    // An event for the endpoint: a new article's claims.
    await stack.http
      .post('/v1/articles')
      .set(bearer(newsroom.apiKey))
      .send({ text: 'Turnout reached 71% in the 2024 election.' })
      .expect(202);
    await waitFor(async () => receiver.received.length > 0);
    await page.getByTestId('webhook-deliveries').click();
    await page.locator('[data-testid="delivery-item"][data-status="delivered"]').first().waitFor();
    await screenshot(page, 'newsroom-webhooks');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const before = receiver.received.length;
    const row = page.locator('[data-testid="delivery-item"][data-status="delivered"]').first();
    const eventId = await row.getAttribute('data-event-id');
    await row.getByTestId('redeliver').click();
    await waitFor(async () => receiver.received.length > before);
    expect(receiver.received.at(-1)!.headers['webhook-id']).toBe(eventId);
  });

  it('signs out: the key is gone from the tab', async () => {
    const { page } = await open();
    await signIn(page, reviewer.apiKey);
    expect(await page.evaluate(() => sessionStorage.getItem('claimflow.apiKey'))).toBe(reviewer.apiKey);
    await page.reload();
    await page.getByTestId('sign-out').waitFor();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('api-key').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('signs out by itself when the key is revoked mid-session', async () => {
    const key = (await stack.http.post(`/v1/admin/reviewers/${reviewer.id}/api-keys`).set(bearer(ADMIN_KEY)).expect(201)).body;
    const { page } = await open();
    await signIn(page, key.apiKey);
    await stack.http.post(`/v1/admin/api-keys/${key.apiKeyId}/revoke`).set(bearer(ADMIN_KEY)).expect(200);
    // The console notices at its next request: this click, or its own refresh of the queue if that comes
    // first (then the button is gone with the signed-out desk, and the click has nothing to press).
    await page
      .getByTestId('claim-next')
      .click({ timeout: 5000 })
      .catch(() => undefined);
    await expect(page.getByTestId('auth-error').textContent()).resolves.toMatch(/stopped working/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});
