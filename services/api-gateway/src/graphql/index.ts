/** The gateway's read-only GraphQL API at /graphql (GraphiQL at /graphiql): one resolver layer over the REST reads. */
export { GRAPHQL_COMPONENTS, GRAPHQL_PATH, graphqlHandler, graphqlOperations } from './graphqlEndpoint';
export { GRAPHIQL_PAGE, GRAPHIQL_PATH, graphiqlOperations, graphiqlRoutes } from './graphiql';
export { GRAPHQL_ERROR_CODES } from './graphqlErrors';
export { GRAPHQL_LIMITS } from './queryLimits';
