// The after-sales app's Admin (README): its name in the header and the page title ("After-sales Admin"); the logo
// and no Camunda 7 end-of-life banner in styles/user-styles.css. Replaces Camunda's scripts/config.js of
// camunda-webapp-webjar (same path, first on the classpath); everything else keeps Camunda's defaults.
export default {
  app: {
    name: 'Admin',
    vendor: 'After-sales'
  }
};
