// The after-sales app's start page and profile (README): its name in the header and the page title
// ("After-sales Home"); the logo and no Camunda 7 end-of-life banner in styles/user-styles.css. Replaces Camunda's
// scripts/config.js of camunda-webapp-webjar (same path, first on the classpath).
export default {
  app: {
    name: 'Home',
    vendor: 'After-sales'
  }
};
