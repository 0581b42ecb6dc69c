// API Gateway v2 (HTTP and WebSocket APIs): GetApis, enough to tell an HTTP API id from a REST API id.
import { json } from "../../http";
import { httpApiShape } from "../shapes";
import { paginate, type Handler } from "../wire";

export const getApis: Handler = ({ state, req }) => {
  const page = paginate(
    state.httpApis.filter((api) => api.region === req.region),
    req.query,
    { size: "maxResults", token: "nextToken" },
  );
  return json(200, { items: page.items.map(httpApiShape), ...(page.next ? { nextToken: page.next } : {}) });
};
