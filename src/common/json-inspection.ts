/** What one iterative walk over a parsed JSON value found (no recursion: any depth is safe). */
export interface JsonInspection {
  /** Levels of objects and arrays (a scalar is 0, `{}` is 1, `{"a":[1]}` is 2). */
  depth: number;
  /** Paths of strings or keys that contain a NUL character (at most `maxPaths`). */
  nulPaths: string[];
}

interface Frame {
  value: unknown;
  depth: number;
  path: string;
}

/**
 * Depth and NUL characters of a JSON value, walked with an explicit stack. The walk stops at
 * `stopAtDepth` (the caller refuses such a value anyway), so its cost is bounded by the value's size.
 */
export function inspectJson(value: unknown, stopAtDepth = Infinity, root = 'body', maxPaths = 20): JsonInspection {
  const nulPaths: string[] = [];
  let deepest = 0;
  const stack: Frame[] = [{ value, depth: 0, path: root }];
  while (stack.length > 0) {
    const { value: current, depth, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (nulPaths.length < maxPaths && current.includes('\u0000')) nulPaths.push(path);
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (level > stopAtDepth) break;
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1) {
        stack.push({ value: current[index], depth: level, path: `${path}[${index}]` });
      }
    } else {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, item] = entries[index];
        if (nulPaths.length < maxPaths && key.includes('\u0000')) nulPaths.push(`${path} key`);
        stack.push({ value: item, depth: level, path: `${path}.${key}` });
      }
    }
  }
  return { depth: deepest, nulPaths };
}
