// Starts GraphiQL on the page's #graphiql element; kept out of the page so the CSP needs no inline script.
(function () {
  const element = document.getElementById("graphiql");
  const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  ReactDOM.createRoot(element).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: element.dataset.defaultQuery,
      defaultEditorToolsVisibility: true,
    })
  );
})();
