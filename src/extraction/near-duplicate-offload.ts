import { Injectable, type OnModuleInit } from '@nestjs/common';
import { NearDuplicateMatcher } from '../workflow/near-duplicate-matcher';
import { ExtractionPool } from './extraction-pool';

/** Cluster assignment's near-duplicate scoring on the extraction threads, off the worker's event loop. */
@Injectable()
export class NearDuplicateOffload implements OnModuleInit {
  constructor(
    private readonly matcher: NearDuplicateMatcher,
    private readonly pool: ExtractionPool,
  ) {}

  onModuleInit(): void {
    this.matcher.runOn((queries) => this.pool.closestNearDuplicates(queries));
  }
}
