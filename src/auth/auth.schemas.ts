import { PageOf } from '../common/api-schemas';
import { ApiKeyDto } from './auth.dto';

export const ApiKeyPage = PageOf(ApiKeyDto, 'ApiKeyPage');
