// A client of the service, typed by what GraphQL Code Generator made from its SDL.
import type { ResultOf } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { Overview } from "./queries";

declare const process: { env: Record<string, string | undefined> };

async function main(): Promise<void> {
  const response = await fetch(`${process.env.APIKEYS_URL}/graphql`, {
    method: "POST",
    headers: { Authorization: `Bearer ${process.env.APIKEYS_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ query: print(Overview) }),
  });
  const body = (await response.json()) as { data: ResultOf<typeof Overview> };
  const fullAccess: boolean = body.data.viewer.fullAccess;
  const names: Array<string | null | undefined> = body.data.apiKeys.edges.map((e) => e.node.name);
  const customers: number = body.data.customers.totalCount;
  console.log(JSON.stringify({ fullAccess, names, customers }));
}

main();
