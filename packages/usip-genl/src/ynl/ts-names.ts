import { camelCase } from './codec/descriptor.js';

/** TypeScript names for spec objects. */

export { camelCase };
export const pascalCase = (name: string): string => {
  const camel = camelCase(name);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
};
export const upperSnake = (name: string): string => name.replace(/-/g, '_').toUpperCase();
/** PingRequest -> pingRequest (keys of the generated `messages` table). */
export const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);
