/** The floor's request (floor/handler.ts): the fields the project's `contactPoints(first: 50)` benchmark selects. */
export const FLOOR_QUERY = `query FloorContactPoints {
  contactPoints { id name kind address regionCode establishedOn active revision liaisons { name title phone } }
}`;
