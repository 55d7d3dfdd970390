import { PageOf } from '../common/api-schemas';
import { ReviewTaskDto } from './review-task.dto';

export const ReviewTaskPage = PageOf(ReviewTaskDto, 'ReviewTaskPage');
