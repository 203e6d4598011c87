package com.aftersales.deployments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Installs finding 4's two guards in the engine:
 * <ul>
 * <li>the {@link DeploymentCheck} as the first deployer, so every new deployment (REST, Modeler, the start-up
 *     deployment of bpmn/, tests) is checked before anything of it is stored; a refused one throws
 *     {@link DeploymentRefused} and its transaction rolls back;</li>
 * <li>expressions resolve the process beans only ({@link ProcessBeans}): by default Camunda's Spring
 *     integration resolves every bean of the application, the engine's services included.</li>
 * </ul>
 */
@Component
public class DeploymentCheckPlugin extends AbstractProcessEnginePlugin {

    private final DeploymentCheck check;
    private final ProcessBeans processBeans;
    private final ApplicationContext applicationContext;

    public DeploymentCheckPlugin(
            DeploymentCheck check, ProcessBeans processBeans, ApplicationContext applicationContext) {
        this.check = check;
        this.processBeans = processBeans;
        this.applicationContext = applicationContext;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<Deployer> preDeployers = configuration.getCustomPreDeployers() == null
                ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomPreDeployers());
        preDeployers.add(0, this::checkNewDeployment);
        configuration.setCustomPreDeployers(preDeployers);

        Map<Object, Object> beans = processBeans.forExpressions();
        configuration.setBeans(beans);
        // replaces the manager Spring's ProcessEngineFactoryBean made before the plugins ran, which saw every bean
        configuration.setExpressionManager(new SpringExpressionManager(applicationContext, beans));
    }

    /** Deployers also run when a node loads an old deployment into its cache: only new ones are checked. */
    private void checkNewDeployment(DeploymentEntity deployment) {
        if (!deployment.isNew()) return;
        Map<String, byte[]> resources = new LinkedHashMap<>();
        for (ResourceEntity resource : deployment.getResources().values()) {
            resources.put(resource.getName(), resource.getBytes());
        }
        List<DeploymentProblem> problems =
                check.problems(resources, DeployedDefinitions.of(Context.getCommandContext()));
        if (!problems.isEmpty()) throw new DeploymentRefused(problems);
    }
}
