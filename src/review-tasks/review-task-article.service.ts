import { Injectable, NotFoundException } from '@nestjs/common';
import { ArticleRepository } from '../workflow/article.repository';
import { AuthRepository } from '../auth/auth.repository';
import { ClaimRepository } from '../workflow/claim.repository';
import { ReviewTaskRepository } from '../workflow/review-task.repository';

export interface ReviewTaskArticle {
  id: string;
  title: string | null;
  url: string | null;
  language: string | null;
  newsroom: { id: string; name: string | null };
  text: string;
}

/** The article behind a task's claim, in full: reviewers read articles only through their tasks. */
@Injectable()
export class ReviewTaskArticleService {
  constructor(
    private readonly tasks: ReviewTaskRepository,
    private readonly claims: ClaimRepository,
    private readonly articles: ArticleRepository,
    private readonly auth: AuthRepository,
  ) {}

  async articleOf(taskId: string): Promise<ReviewTaskArticle> {
    const task = await this.tasks.find(taskId);
    const claim = task && (await this.claims.find(task.claim_id));
    const article = claim && (await this.articles.find(claim.article_id));
    if (!article) throw new NotFoundException('review task not found');
    return {
      id: article.id,
      title: article.title,
      url: article.url,
      language: article.language,
      newsroom: { id: article.newsroom_id, name: await this.auth.findNewsroomName(article.newsroom_id) },
      text: article.text,
    };
  }
}
