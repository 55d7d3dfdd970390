// The API key lives in this tab's sessionStorage only: closing the tab or signing out forgets it.
const KEY = 'claimflow.apiKey';

export const savedKey = (): string | null => sessionStorage.getItem(KEY);
export const saveKey = (apiKey: string): void => sessionStorage.setItem(KEY, apiKey);
export const forgetKey = (): void => sessionStorage.removeItem(KEY);
