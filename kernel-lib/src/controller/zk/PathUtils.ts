// org.apache.zookeeper.common.PathUtils.validatePath: the client checks a path before sending it,
// with ZooKeeper's own messages (an IllegalArgumentException in Java).

import { IllegalArgumentException } from "../../sim/errors";

/** Validates a znode path; `isSequential` allows a trailing "/" (the server appends the counter). */
export function validatePath(path: string, isSequential = false): void {
  validate(isSequential ? `${path}1` : path);
}

function validate(path: string): void {
  if (path === null || path === undefined) throw new IllegalArgumentException("Path cannot be null");
  if (path.length === 0) throw new IllegalArgumentException("Path length must be > 0");
  if (path.charAt(0) !== "/") throw new IllegalArgumentException("Path must start with / character");
  if (path.length === 1) return;
  if (path.charAt(path.length - 1) === "/") throw new IllegalArgumentException("Path must not end with / character");
  // Java walks UTF-16 code units (so surrogate halves count as invalid characters): so do we.
  let reason: string | null = null;
  let last = path.charCodeAt(0);
  for (let i = 1; i < path.length; last = path.charCodeAt(i), i++) {
    const c = path.charCodeAt(i);
    const next = i + 1 === path.length ? -1 : path.charCodeAt(i + 1);
    if (c === 0) {
      reason = `null character not allowed @${i}`;
    } else if (c === SLASH && last === SLASH) {
      reason = `empty node name specified @${i}`;
    } else if (c === DOT && last === DOT) {
      if (path.charCodeAt(i - 2) === SLASH && (next === -1 || next === SLASH)) reason = `relative paths not allowed @${i}`;
    } else if (c === DOT) {
      if (path.charCodeAt(i - 1) === SLASH && (next === -1 || next === SLASH)) reason = `relative paths not allowed @${i}`;
    } else if ((c > 0x0000 && c <= 0x001f) || (c >= 0x007f && c <= 0x009f) || (c >= 0xd800 && c <= 0xf8ff) || (c >= 0xfff0 && c <= 0xffff)) {
      reason = `invalid character @${i}`;
    }
    if (reason !== null) throw new IllegalArgumentException(`Invalid path string "${path}" caused by ${reason}`);
  }
}

const SLASH = 0x2f;
const DOT = 0x2e;

/** The parent of a path ("/" for top-level nodes). */
export function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.substring(0, i);
}

/** The last component of a path ("" for "/"). */
export function nameOf(path: string): string {
  return path.substring(path.lastIndexOf("/") + 1);
}

/** Joins a parent path and a child name. */
export function childPath(parent: string, child: string): string {
  return parent === "/" ? `/${child}` : `${parent}/${child}`;
}
