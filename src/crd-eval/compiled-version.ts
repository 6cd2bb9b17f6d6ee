// One CRD version compiled, and the admission pipeline in the apiserver's order:
// decode limits → prune → drop non-nullable nulls → default → validate.
import type { CustomResourceDefinition, CustomResourceDefinitionVersion } from "../schema/kubernetes.js";
import { NEWEST_KUBERNETES_VERSION, type KubernetesVersion } from "../cel/library/versions.js";
import { compileRules, type CompiledRules, ruleCompileErrors, validateRules } from "./cel-rules.js";
import { applyDefaultsInPlace, needsDefaults } from "./defaults.js";
import { type FieldError, invalid, ROOT_FIELD, withRule } from "./field-error.js";
import type { AdmissionResult, AdmitOptions, CompiledVersion } from "./compiled-version-types.js";
import { cloneJson, depthExceeds, isObject, MAX_DEPTH } from "./json-value.js";
import { validateListTypes } from "./list-types.js";
import { validateEmbeddedResources, validateObjectMeta, validateTypeMeta } from "./object-meta.js";
import { validateAgainstSchema, validateResourceSchema } from "./openapi-validation.js";
import { isCleanResource, isCleanResourceShallow } from "./clean-scan.js";
import { pruneResource } from "./prune.js";
import { compileSchemaNode, type SchemaNode } from "./schema-node.js";
import { NOT_FOUND, prepareObject, validateScale } from "./subresources.js";

/** Errors of these types make the apiserver skip CEL rules (customResourceStrategy hasBlockingErr). */
const BLOCKING = new Set(["FieldValueNotSupported", "FieldValueRequired", "FieldValueTooLong", "FieldValueTooMany", "FieldValueTypeInvalid"]);
/** checkCreate's answer when pruning may change the document. */
const UNCLEAN = Symbol("unclean");
const RULES_NOT_CHECKED =
  "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";

/** `kubernetesVersion` picks the CEL environment of that apiserver (default: the newest we know). */
export function compileVersion(crd: CustomResourceDefinition, version: CustomResourceDefinitionVersion, kubernetesVersion: KubernetesVersion = NEWEST_KUBERNETES_VERSION): CompiledVersion {
  const root = compileSchemaNode(version.schema?.openAPIV3Schema ?? { type: "object" });
  const rules = compileRules(root, true, kubernetesVersion);
  const kind = crd.spec.names.kind;
  const apiVersion = `${crd.spec.group}/${version.name}`;
  const context: VersionContext = { root, rules, kind, apiVersion };

  const prune = (object: unknown) => {
    const copy = cloneJson(object);
    return { object: copy, pruned: pruneResource(copy, root) };
  };
  const applyDefaults = (object: unknown) => {
    const copy = cloneJson(object);
    applyDefaultsInPlace(copy, root);
    return copy;
  };
  const validate = (object: unknown, options: AdmitOptions = {}): FieldError[] => {
    const malformed = malformedDocument(object) ?? (options.oldObject !== undefined ? malformedDocument(options.oldObject) : undefined);
    if (malformed) return [malformed];
    return validateResource(object as Record<string, unknown>, options.oldObject as Record<string, unknown> | undefined, context, [], options.celRules !== false);
  };

  return {
    name: version.name,
    served: version.served,
    compileProblems: [...ruleCompileErrors(rules), ...patternErrors(root)],
    prune,
    applyDefaults,
    validate,
    admit: (object, options = {}) => admitWith(object, options, false),
    check(object, options = {}) {
      const { errors, warnings } = admitWith(object, options, true);
      return { errors, warnings };
    },
  };

  /** A pruned and defaulted copy of `object`, or `object` itself when it is clean and defaults change nothing. */
  function admitted(object: unknown, clean: boolean): { object: unknown; pruned: string[] } {
    if (clean && !needsDefaults(object, root)) return { object, pruned: [] };
    const result = prune(object);
    applyDefaultsInPlace(result.object, root);
    return result;
  }

  /**
   * check of a create as written, in one walk: the schema walk also tells whether pruning would change
   * the document. UNCLEAN when it would (or the walk cannot tell), undefined when the walk was not
   * taken: either way the caller takes the exact path.
   */
  function checkCreate(object: unknown, options: AdmitOptions): AdmissionResult | typeof UNCLEAN | undefined {
    if (!isCleanResourceShallow(object, root)) return UNCLEAN;
    if (needsDefaults(object, root)) return undefined;
    const resource = object as Record<string, unknown>;
    try {
      // With a wrong apiVersion or kind the schema is not walked (validateResource): take the exact path.
      if (validateTypeMeta(resource, kind, apiVersion).length !== 0) return undefined;
      const schema = validateResourceSchema(root, resource);
      if (!schema.clean) return UNCLEAN;
      const errors = validateResource(resource, undefined, context, [], options.celRules !== false, schema.errors);
      return { object: resource, errors, warnings: [] };
    } catch (e) {
      if (e instanceof RangeError) return undefined;
      throw e;
    }
  }

  /** admit; with `mayShare`, documents that pruning would not change are validated without a copy (check). */
  function admitWith(object: unknown, options: AdmitOptions, mayShare: boolean): AdmissionResult {
    let knownUnclean = false;
    if (mayShare && options.oldObject === undefined && options.asWritten === true) {
      const checked = checkCreate(object, options);
      if (checked === UNCLEAN) knownUnclean = true;
      else if (checked !== undefined) return checked;
    }
    const hasOld = options.oldObject !== undefined;
    // Taking a document for unclean is always safe: it is then copied and pruned, which changes nothing.
    const clean = mayShare && !knownUnclean && isCleanResource(object, root);
    const oldClean = mayShare && hasOld && isCleanResource(options.oldObject, root);
    const malformed = (clean ? undefined : malformedDocument(object)) ?? (hasOld && !oldClean ? malformedDocument(options.oldObject) : undefined);
      if (malformed) return { object: null, errors: [malformed], warnings: [] };
      const refused = options.asWritten === true ? undefined : refusal(crd, version, options);
      if (refused !== undefined) return { object: null, errors: [refused], warnings: [] };
      try {
        const { object: pruned, pruned: paths } = admitted(object, clean);
        const old = hasOld ? admitted(options.oldObject, oldClean).object : undefined;
        const warnings = paths.map((p) => `unknown field "${p}"`);
        const prepared =
          options.asWritten === true
            ? (pruned as Record<string, unknown>)
            : prepareObject(version, pruned as Record<string, unknown>, old as Record<string, unknown> | undefined, options.subresource);
        const errors = validateResource(prepared, old as Record<string, unknown> | undefined, context, warnings, options.celRules !== false);
        if (options.asWritten !== true) errors.push(...validateScale(version.subresources?.scale, prepared, options.subresource));
        return { object: prepared, errors, warnings };
      } catch (e) {
        // Call stacks are smaller than the apiserver's nesting limit for some shapes of data.
        if (e instanceof RangeError) return { object: null, errors: [invalid(ROOT_FIELD, "", "object is too deeply nested")], warnings: [] };
        throw e;
      }
  }
}

/**
 * Requests the apiserver does not route to this version: an unserved version is absent from discovery
 * (kubectl: `no matches for kind …`), a subresource the version lacks is a 404, and a subresource write
 * needs the stored object.
 */
function refusal(crd: CustomResourceDefinition, version: CustomResourceDefinitionVersion, options: AdmitOptions): FieldError | undefined {
  const apiVersion = `${crd.spec.group}/${version.name}`;
  if (!version.served) {
    const error = invalid("apiVersion", apiVersion, `version "${version.name}" is not served`);
    return { ...error, message: `no matches for kind "${crd.spec.names.kind}" in version "${apiVersion}"` };
  }
  const sub = options.subresource;
  if (sub !== undefined && version.subresources?.[sub] === undefined) {
    return { ...invalid(ROOT_FIELD, sub, NOT_FOUND), message: NOT_FOUND };
  }
  if (sub !== undefined && options.oldObject === undefined) {
    return { ...invalid(ROOT_FIELD, sub, `a /${sub} write updates a stored object: give oldObject`), message: `a /${sub} write updates a stored object: give oldObject` };
  }
  return undefined;
}

function patternErrors(node: SchemaNode, seen = new Set<SchemaNode>()): string[] {
  if (seen.has(node)) return [];
  seen.add(node);
  const own = node.pattern?.error !== undefined ? [`pattern ${node.pattern.source}: ${node.pattern.error}`] : [];
  const children = [...node.properties.values(), node.additionalProperties, node.items, ...node.allOf, ...node.anyOf, ...node.oneOf, node.not];
  return [...own, ...children.flatMap((c) => (c === undefined ? [] : patternErrors(c, seen)))];
}

/** What the apiserver cannot even decode as a custom resource. */
function malformedDocument(object: unknown): FieldError | undefined {
  if (!isObject(object)) return invalid(ROOT_FIELD, "", "the object must be a JSON object");
  if (depthExceeds(object, MAX_DEPTH)) return invalid(ROOT_FIELD, "", `exceeded max depth of ${MAX_DEPTH}`);
  return undefined;
}

interface VersionContext {
  root: SchemaNode;
  rules: CompiledRules;
  kind: string;
  apiVersion: string;
}

/**
 * customResourceStrategy.Validate / ValidateUpdate, in its order. On update, schema, list-type and
 * CEL errors ratchet: what was already wrong in the stored object and did not change is let through.
 */
function validateResource(
  object: Record<string, unknown>,
  oldObject: Record<string, unknown> | undefined,
  context: VersionContext,
  warnings: string[],
  celRules = true,
  schemaErrors?: FieldError[],
): FieldError[] {
  const tagged = (list: FieldError[], rule: string) => list.map((e) => (e.rule === undefined ? withRule(e, rule) : e));
  const errors = validateTypeMeta(object, context.kind, context.apiVersion).map((e) => withRule(e, e.field));
  if (errors.length === 0) {
    errors.push(...tagged(validateObjectMeta(object, oldObject), "metadata"));
    errors.push(...(schemaErrors ?? validateAgainstSchema(context.root, object, "", oldObject)));
  }
  errors.push(...tagged(validateEmbeddedResources(object, context.root), "embedded-resource"));
  const listErrors = tagged(validateListTypes(object, context.root), "list-type");
  if (oldObject === undefined) errors.push(...listErrors);
  else {
    const before = new Set(validateListTypes(oldObject, context.root).map((e) => e.message));
    errors.push(...listErrors.filter((e) => !before.has(e.message)));
  }
  if (context.rules.size === 0 || !celRules) return errors;
  if (errors.some((e) => BLOCKING.has(e.type))) {
    errors.push(withRule(invalid(ROOT_FIELD, null, RULES_NOT_CHECKED), "cel"));
  } else {
    const ratchetingWarnings = oldObject === undefined ? undefined : warnings;
    errors.push(...tagged(validateRules(object, oldObject, context.root, context.rules, { ratchetingWarnings }), "cel"));
  }
  return errors;
}
