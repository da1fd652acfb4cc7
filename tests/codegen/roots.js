// graphql-js, the reference implementation, reads the SDL's roots: `node roots.js < sdl`.
const { buildSchema } = require("graphql");
const schema = buildSchema(require("fs").readFileSync(0, "utf8"));
const name = (type) => (type ? type.name : null);
console.log(JSON.stringify({
  query: name(schema.getQueryType()),
  mutation: name(schema.getMutationType()),
  subscription: name(schema.getSubscriptionType()),
}));
