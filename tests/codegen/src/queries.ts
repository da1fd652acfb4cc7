import { graphql } from "./gql";

export const Overview = graphql(`
  query Overview {
    viewer { fullAccess organizationId }
    apiKeys(first: 5) { totalCount edges { node { id name status } } }
    customers(first: 5) { totalCount }
  }
`);
