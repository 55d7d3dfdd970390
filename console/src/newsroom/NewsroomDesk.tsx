import { useState } from 'preact/hooks';
import { type Api } from '../api';
import { ArticleList } from './ArticleList';
import { ArticleView } from './ArticleView';
import { SubmitArticle } from './SubmitArticle';
import { Webhooks } from './Webhooks';

type View = { name: 'articles' } | { name: 'article'; id: string } | { name: 'submit' } | { name: 'webhooks' };

const TABS: [View['name'], string][] = [
  ['articles', 'Articles'],
  ['submit', 'Submit an article'],
  ['webhooks', 'Webhooks'],
];

export function NewsroomDesk({ api }: { api: Api }) {
  const [view, setView] = useState<View>({ name: 'articles' });
  const current = view.name === 'article' ? 'articles' : view.name;
  return (
    <div class="newsroom">
      <nav class="tabs" aria-label="Newsroom">
        {TABS.map(([name, title]) => (
          <button
            key={name}
            type="button"
            class={current === name ? 'tab active' : 'tab'}
            aria-current={current === name ? 'page' : undefined}
            data-testid={`nav-${name}`}
            onClick={() => setView({ name } as View)}
          >
            {title}
          </button>
        ))}
      </nav>
      <main id="main" class="workspace">
        {view.name === 'articles' && <ArticleList api={api} onOpen={(id) => setView({ name: 'article', id })} />}
        {view.name === 'article' && <ArticleView api={api} id={view.id} onBack={() => setView({ name: 'articles' })} />}
        {view.name === 'submit' && <SubmitArticle api={api} onSubmitted={(id) => setView({ name: 'article', id })} />}
        {view.name === 'webhooks' && <Webhooks api={api} />}
      </main>
    </div>
  );
}
