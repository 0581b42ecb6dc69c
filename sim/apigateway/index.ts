// API Gateway control plane of the simulator (see router.ts for the operations it serves).
export { routeApiGateway } from "./router";
