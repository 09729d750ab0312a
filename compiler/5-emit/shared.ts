/**
 * Distinct inputs one shared builder keeps before it starts over: settings come in a handful of
 * distinct values (a policy's, or the defaults) across thousands of clusters and routes.
 */
const MAX_DISTINCT_INPUTS = 256;

/**
 * The builder, made to return one frozen message for equal inputs: a sub-message thousands of
 * clusters or routes carry alike (the default load balancing policy and circuit breakers, a
 * Gateway's metadata on each virtual host) is then one object, which the schema check validates
 * once and the YAML writer renders once (a third of the nodes of a 10,000-route bootstrap). `input`
 * is IR, plain data: equal JSON, equal message. Nothing changes a bootstrap in place after emit
 * (patches and merges copy what they change); frozen turns a slip there into an error instead of a
 * change to every route that shares the object. A frozen input is an IR constant (lower's
 * defaults): it is found by identity, without its JSON.
 */
export function sharedBuilder<I, M extends object | undefined>(build: (input: I) => M): (input: I) => M {
  const built = new Map<string, M>();
  const builtForConstant = new WeakMap<object, M>();
  return (input) => {
    const constant = typeof input === 'object' && input !== null && Object.isFrozen(input) ? input : undefined;
    if (constant !== undefined && builtForConstant.has(constant)) return builtForConstant.get(constant) as M;
    const key = JSON.stringify(input);
    let message: M;
    if (built.has(key)) message = built.get(key) as M;
    else {
      if (built.size >= MAX_DISTINCT_INPUTS) built.clear();
      message = deepFreeze(build(input));
      built.set(key, message);
    }
    if (constant !== undefined) builtForConstant.set(constant, message);
    return message;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const k in value) deepFreeze(value[k]);
    Object.freeze(value);
  }
  return value;
}
