package com.aftersales.deployments;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * The app's process beans: the Spring beans annotated {@link ProcessBean}. They are the only beans the
 * engine's expressions resolve ({@link #forExpressions()}, installed by {@link DeploymentCheckPlugin});
 * by default Camunda's Spring integration would resolve every bean of the application, the engine's
 * services included.
 */
@Component
public class ProcessBeans implements ProcessBeanCatalog {

    private final ConfigurableListableBeanFactory beanFactory;
    private volatile Map<String, Class<?>> types;

    public ProcessBeans(ConfigurableListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public Set<String> names() {
        return types().keySet();
    }

    @Override
    public Class<?> type(String name) {
        return types().get(name);
    }

    @Override
    public boolean isOtherBean(String name) {
        return !types().containsKey(name) && beanFactory.containsBean(name);
    }

    /**
     * The beans for the engine's expression manager: the process beans by name, each looked up when an
     * expression first uses it (the engine is built before most beans exist).
     */
    Map<Object, Object> forExpressions() {
        return new AbstractMap<>() {
            @Override
            public boolean containsKey(Object name) {
                return name instanceof String && types().containsKey(name);
            }

            @Override
            public Object get(Object name) {
                return containsKey(name) ? beanFactory.getBean((String) name) : null;
            }

            @Override
            public Set<Entry<Object, Object>> entrySet() {
                Map<Object, Object> beans = new LinkedHashMap<>();
                types().keySet().forEach(name -> beans.put(name, beanFactory.getBean(name)));
                return beans.entrySet();
            }
        };
    }

    private Map<String, Class<?>> types() {
        Map<String, Class<?>> known = types;
        if (known == null) {
            Map<String, Class<?>> found = new TreeMap<>();
            for (String name : beanFactory.getBeanNamesForAnnotation(ProcessBean.class)) {
                Class<?> type = beanFactory.getType(name);
                if (type != null) found.put(name, ClassUtils.getUserClass(type));
            }
            known = Collections.unmodifiableMap(found);
            types = known;
        }
        return known;
    }
}
