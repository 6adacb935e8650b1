import { MAX_DOCUMENT_TOKENS } from './request-guard';
import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** The meta-fields a schema reader asks for (GraphiQL's docs, graphql-codegen by URL). */
const META_FIELD = /^__(schema|type|typename)$/;

function rootIsMetaOnly(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): boolean {
  return selectionSet.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return META_FIELD.test(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootIsMetaOnly(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    const fragment = fragments.get(name);
    if (!fragment || seen.has(name)) return false;
    seen.add(name);
    return rootIsMetaOnly(fragment.selectionSet, fragments, seen);
  });
}

/**
 * True when every operation of the document is a query whose root fields are only `__schema`,
 * `__type` and `__typename`: it reads the schema and no data. Anything that does not parse is not.
 * Call it only on a document whose nesting has been bounded (request-guard).
 */
export function isIntrospectionOnly(query: unknown): boolean {
  if (typeof query !== 'string') return false;
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: MAX_DOCUMENT_TOKENS });
  } catch {
    return false;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length === 0 || operations.length + fragments.size !== document.definitions.length) return false;
  return operations.every((op) => op.operation === 'query' && rootIsMetaOnly(op.selectionSet, fragments, new Set()));
}
