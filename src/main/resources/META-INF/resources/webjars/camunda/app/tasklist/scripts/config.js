// The after-sales app's Tasklist (README, "Tasklist for the team"): its name in the header and the page title
// ("After-sales Tasks"); the logo, no Camunda 7 end-of-life banner and no "Create task" / "Start process" are in
// styles/user-styles.css. Replaces Camunda's scripts/config.js of camunda-webapp-webjar (same path, first on the
// classpath); what is not set here keeps Camunda's defaults.
export default {
  app: {
    name: 'Tasks',
    vendor: 'After-sales'
  },
  // Camunda's shortcuts without ctrl+alt+p (start process): cases are opened by the shop over /api, never by hand
  shortcuts: {
    claimTask: {
      key: 'ctrl+alt+c',
      description: 'claims the currently selected task'
    },
    focusFilter: {
      key: 'ctrl+shift+f',
      description: 'set the focus to the first filter in the list'
    },
    focusList: {
      key: 'ctrl+alt+l',
      description: 'sets the focus to the first task in the list'
    },
    focusForm: {
      key: 'ctrl+alt+f',
      description: 'sets the focus to the first input field in a task form'
    }
  }
};
