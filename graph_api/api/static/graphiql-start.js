// Starts GraphiQL on the page's #graphiql element; kept out of the page so the CSP needs no inline script.
(function () {
  const element = document.getElementById("graphiql");
  // Subscriptions go over graphql-transport-ws on the same path.
  const socket = (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host + window.location.pathname;
  const fetcher = GraphiQL.createFetcher({ url: window.location.pathname, subscriptionUrl: socket });
  ReactDOM.createRoot(element).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: element.dataset.defaultQuery,
      defaultEditorToolsVisibility: true,
    })
  );
})();
