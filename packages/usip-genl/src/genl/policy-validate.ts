import { AttrCursor, NetlinkDecodeError } from '@usip/netlink-core';
import {
  type AttributePathStep,
  type AttributeSetNames,
  formatAttributePath,
  stepInto,
} from './attribute-path.js';
import { GenlError } from './errors.js';
import type { PolicyNode, PolicyTreeAttribute } from './policy-types.js';

/** One attribute the kernel would refuse, and why. */
export interface PolicyViolation {
  path: AttributePathStep[];
  /** Offset of the attribute's header within the validated block. */
  offset: number;
  reason: string;
}

export interface ValidateOptions {
  /** Names for readable paths. */
  names?: AttributeSetNames;
  /**
   * Validate like the kernel's NL_VALIDATE_STRICT (the default for generic netlink families
   * since 5.2): attributes absent from the policy and a missing or stray NLA_F_NESTED are errors.
   */
  strict?: boolean;
}

/** The request's attributes break the kernel's policy; raised before anything is sent. */
export class PolicyViolationError extends GenlError {
  override name = 'PolicyViolationError';
  constructor(readonly violations: readonly PolicyViolation[]) {
    const list = violations.map((v) => `${formatAttributePath(v.path)}: ${v.reason}`);
    super(`request attributes violate the kernel's policy: ${list.join('; ')}`);
  }
}

/** Checks an attribute block against a policy tree; returns every violation found. */
export function validateAttributes(
  policy: PolicyNode,
  block: Uint8Array,
  options: ValidateOptions = {},
): PolicyViolation[] {
  const buf = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  const violations: PolicyViolation[] = [];
  const walker = new PolicyWalker(buf, options.strict ?? true, violations);
  walker.walk(policy, 0, buf.length, [], options.names);
  return violations;
}

/** Like validateAttributes, but throws PolicyViolationError when anything is wrong. */
export function assertValidAttributes(
  policy: PolicyNode,
  block: Uint8Array,
  options: ValidateOptions = {},
): void {
  const violations = validateAttributes(policy, block, options);
  if (violations.length > 0) throw new PolicyViolationError(violations);
}

const FIXED_SIZES: Partial<Record<PolicyTreeAttribute['type'], number>> = {
  u8: 1,
  s8: 1,
  u16: 2,
  s16: 2,
  u32: 4,
  s32: 4,
  u64: 8,
  s64: 8,
};

class PolicyWalker {
  constructor(
    private readonly buf: Buffer,
    private readonly strict: boolean,
    private readonly violations: PolicyViolation[],
  ) {}

  walk(
    policy: PolicyNode | undefined,
    start: number,
    end: number,
    path: AttributePathStep[],
    names: AttributeSetNames | undefined,
  ): void {
    const cursor = new AttrCursor(this.buf, start, end);
    try {
      while (cursor.next()) {
        const { step, inner } = stepInto(names, cursor.type);
        const here = [...path, step];
        const rule = policy?.attributes.get(cursor.type);
        if (!policy) continue;
        if (!rule) {
          if (this.strict) this.fail(here, cursor, 'attribute type is not in the policy');
          continue;
        }
        this.check(rule, cursor, here, inner);
      }
    } catch (err) {
      if (!(err instanceof NetlinkDecodeError)) throw err;
      this.violations.push({ path, offset: err.offset, reason: `malformed: ${err.message}` });
    }
  }

  private fail(path: AttributePathStep[], cursor: AttrCursor, reason: string): void {
    this.violations.push({ path, offset: cursor.attrOffset, reason });
  }

  private check(
    rule: PolicyTreeAttribute,
    cursor: AttrCursor,
    path: AttributePathStep[],
    names: AttributeSetNames | undefined,
  ): void {
    const isNest = rule.type === 'nested' || rule.type === 'nested-array';
    if (this.strict && isNest !== cursor.nested) {
      this.fail(path, cursor, isNest ? 'NLA_F_NESTED missing' : 'NLA_F_NESTED not expected');
      return;
    }
    const length = cursor.valueLength;
    const fixed = FIXED_SIZES[rule.type];
    if (fixed !== undefined) {
      if (length !== fixed)
        this.fail(path, cursor, `${rule.type} must be ${fixed} bytes, is ${length}`);
      else this.checkInteger(rule, integerValue(rule.type, cursor), cursor, path);
      return;
    }
    switch (rule.type) {
      case 'uint':
      case 'sint':
        if (length !== 4 && length !== 8) {
          this.fail(path, cursor, `${rule.type} must be 4 or 8 bytes, is ${length}`);
        } else this.checkInteger(rule, integerValue(rule.type, cursor), cursor, path);
        return;
      case 'flag':
        if (length !== 0) this.fail(path, cursor, `flag must be empty, has ${length} bytes`);
        return;
      case 'string':
      case 'nul-string':
      case 'binary':
        this.checkBytes(rule, cursor, path);
        return;
      case 'bitfield32':
        this.checkBitfield(rule, cursor, path);
        return;
      case 'nested':
        this.walk(rule.nested, cursor.valueOffset, cursor.valueOffset + length, path, names);
        return;
      case 'nested-array':
        this.walkArray(rule, cursor, path, names);
        return;
      case 'invalid':
        this.fail(path, cursor, 'the policy rejects this attribute');
        return;
      default:
        return; // 'unknown': a type newer than this code; the kernel will judge it.
    }
  }

  private walkArray(
    rule: PolicyTreeAttribute,
    cursor: AttrCursor,
    path: AttributePathStep[],
    names: AttributeSetNames | undefined,
  ): void {
    const entries = new AttrCursor(
      this.buf,
      cursor.valueOffset,
      cursor.valueOffset + cursor.valueLength,
    );
    try {
      while (entries.next()) {
        const entryPath = [...path, { type: entries.type, arrayIndex: true }];
        const start = entries.valueOffset;
        this.walk(rule.nested, start, start + entries.valueLength, entryPath, names);
      }
    } catch (err) {
      if (!(err instanceof NetlinkDecodeError)) throw err;
      this.violations.push({ path, offset: err.offset, reason: `malformed: ${err.message}` });
    }
  }

  private checkInteger(
    rule: PolicyTreeAttribute,
    value: bigint,
    cursor: AttrCursor,
    path: AttributePathStep[],
  ): void {
    if (rule.minValue !== undefined && value < rule.minValue) {
      this.fail(path, cursor, `value ${value} is below the minimum ${rule.minValue}`);
    } else if (rule.maxValue !== undefined && value > rule.maxValue) {
      this.fail(path, cursor, `value ${value} is above the maximum ${rule.maxValue}`);
    } else if (rule.mask !== undefined && (value & ~rule.mask) !== 0n) {
      this.fail(
        path,
        cursor,
        `value 0x${value.toString(16)} has bits outside the mask 0x${rule.mask.toString(16)}`,
      );
    }
  }

  private checkBytes(
    rule: PolicyTreeAttribute,
    cursor: AttrCursor,
    path: AttributePathStep[],
  ): void {
    const value = cursor.value();
    let length = value.length;
    if (rule.type === 'nul-string') {
      // The kernel wants the NUL within the first maxLength + 1 bytes.
      const nul = value.indexOf(0);
      if (nul < 0) {
        this.fail(path, cursor, 'NUL-terminated string lacks its NUL');
        return;
      }
      length = nul;
    } else if (rule.type === 'string' && length > 0 && value[length - 1] === 0) {
      length -= 1; // NLA_STRING may carry a trailing NUL that does not count
    }
    if (rule.minLength !== undefined && length < rule.minLength) {
      this.fail(path, cursor, `${rule.type} of ${length} bytes is shorter than ${rule.minLength}`);
    } else if (rule.maxLength !== undefined && length > rule.maxLength) {
      this.fail(path, cursor, `${rule.type} of ${length} bytes is longer than ${rule.maxLength}`);
    }
  }

  private checkBitfield(
    rule: PolicyTreeAttribute,
    cursor: AttrCursor,
    path: AttributePathStep[],
  ): void {
    if (cursor.valueLength !== 8) {
      this.fail(path, cursor, `bitfield32 must be 8 bytes, is ${cursor.valueLength}`);
      return;
    }
    const value = cursor.value();
    const bits = value.readUInt32LE(0);
    const selector = value.readUInt32LE(4);
    const valid = rule.bitfield32Mask ?? 0xffffffff;
    if ((selector & ~valid) >>> 0 !== 0) {
      this.fail(
        path,
        cursor,
        `bitfield32 selector 0x${selector.toString(16)} has unsupported bits`,
      );
    } else if ((bits & ~valid) >>> 0 !== 0) {
      this.fail(path, cursor, `bitfield32 value 0x${bits.toString(16)} has unsupported bits`);
    } else if ((bits & ~selector) >>> 0 !== 0) {
      this.fail(path, cursor, 'bitfield32 value has bits outside its selector');
    }
  }
}

/** Reads an integer attribute as bigint (the cursor honours NLA_F_NET_BYTEORDER). */
function integerValue(type: PolicyTreeAttribute['type'], cursor: AttrCursor): bigint {
  switch (type) {
    case 'u8':
      return BigInt(cursor.u8());
    case 'u16':
      return BigInt(cursor.u16());
    case 'u32':
      return BigInt(cursor.u32());
    case 's8':
      return BigInt(cursor.s8());
    case 's16':
      return BigInt(cursor.s16());
    case 's32':
      return BigInt(cursor.s32());
    case 's64':
      return cursor.s64();
    case 'uint':
      return cursor.valueLength === 4 ? BigInt(cursor.u32()) : cursor.u64();
    case 'sint':
      return cursor.valueLength === 4 ? BigInt(cursor.s32()) : cursor.s64();
    default:
      return cursor.u64();
  }
}
