import { Processor } from '@nestjs/bullmq';
import { JobHandlers, JobProcessor } from '../queue/job-processor';
import { QUEUE } from '../queue/queue.registry';
import { VerificationService } from './verification.service';

@Processor(QUEUE.verification, { autorun: false })
export class VerificationProcessor extends JobProcessor {
  readonly queue = QUEUE.verification;

  protected readonly handlers: JobHandlers = {
    'verify-claim': ({ claimId }) => this.verification.verifyClaims([claimId]),
    'verify-claims': ({ claimIds }) => this.verification.verifyClaims(claimIds),
  };

  constructor(private readonly verification: VerificationService) {
    super();
  }
}
