import { z } from 'zod';

/**
 * The YAML shape of a YNL spec as written (kebab-case keys). Unknown keys are dropped, so
 * the kernel's own specs load even where they use properties this engine does not need.
 */

const doc = z.string().optional();
const lengthLimit = z.union([z.number().int().nonnegative(), z.string()]);

const enumEntry = z.union([
  z.string(),
  z.object({ name: z.string(), value: z.number().int().optional(), doc }),
]);

export const rawDefinition = z.object({
  type: z.enum(['const', 'enum', 'flags', 'struct']),
  name: z.string(),
  value: z.union([z.number(), z.string()]).optional(),
  'name-prefix': z.string().optional(),
  'enum-name': z.string().nullable().optional(),
  'value-start': z.number().int().optional(),
  entries: z.array(enumEntry).optional(),
  doc,
});

export const rawAttribute = z.object({
  name: z.string(),
  /** Optional only in a subset-of set, where the parent set gives it. */
  type: z.string().optional(),
  value: z.number().int().nonnegative().optional(),
  'sub-type': z.string().optional(),
  'nested-attributes': z.string().optional(),
  'multi-attr': z.boolean().optional(),
  enum: z.string().optional(),
  'enum-as-flags': z.boolean().optional(),
  'byte-order': z.enum(['big-endian', 'little-endian']).optional(),
  checks: z
    .object({
      'max-len': lengthLimit.optional(),
      'min-len': lengthLimit.optional(),
      'exact-len': lengthLimit.optional(),
      min: z.union([z.number(), z.string()]).optional(),
      max: z.union([z.number(), z.string()]).optional(),
    })
    .optional(),
  doc,
});

export const rawAttributeSet = z.object({
  name: z.string(),
  'name-prefix': z.string().optional(),
  'enum-name': z.string().nullable().optional(),
  'subset-of': z.string().optional(),
  attributes: z.array(rawAttribute),
  doc,
});

const rawMessage = z
  .object({ attributes: z.array(z.string()).optional() })
  .nullable()
  .optional();

const rawMode = z
  .object({
    request: rawMessage,
    reply: rawMessage,
    pre: z.string().optional(),
    post: z.string().optional(),
  })
  .nullable()
  .optional();

export const rawOperation = z.object({
  name: z.string(),
  value: z.number().int().nonnegative().optional(),
  doc,
  'attribute-set': z.string().optional(),
  flags: z.array(z.string()).optional(),
  do: rawMode,
  dump: rawMode,
  event: z.object({ attributes: z.array(z.string()) }).optional(),
  notify: z.string().optional(),
  mcgrp: z.string().optional(),
});

export const rawSpec = z.object({
  name: z.string(),
  protocol: z.string().default('genetlink'),
  doc,
  'uapi-header': z.string().optional(),
  'c-family-name': z.string().optional(),
  'c-version-name': z.string().optional(),
  version: z.number().int().nonnegative().optional(),
  'kernel-policy': z.string().optional(),
  definitions: z.array(rawDefinition).default([]),
  'attribute-sets': z.array(rawAttributeSet).default([]),
  operations: z
    .object({ 'name-prefix': z.string().optional(), list: z.array(rawOperation) })
    .default({ list: [] }),
  'mcast-groups': z
    .object({
      list: z.array(
        z.object({
          name: z.string(),
          'c-define-name': z.string().optional(),
          flags: z.array(z.string()).optional(),
          doc,
        }),
      ),
    })
    .optional(),
});

export type RawSpec = z.infer<typeof rawSpec>;
export type RawDefinition = z.infer<typeof rawDefinition>;
export type RawAttribute = z.infer<typeof rawAttribute>;
export type RawAttributeSet = z.infer<typeof rawAttributeSet>;
export type RawOperation = z.infer<typeof rawOperation>;
