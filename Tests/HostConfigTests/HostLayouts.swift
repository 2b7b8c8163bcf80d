/// Configuration files as real hosts have them, copied from the packages that install them.
enum HostLayouts {
    /// Red Hat's docker 1.13 on CentOS 7 (docker-1.13.1-*.el7.centos).
    static let redHatDockerUnit = """
        [Unit]
        Description=Docker Application Container Engine
        Documentation=http://docs.docker.com
        After=network.target rhel-push-plugin.socket registries.service
        Wants=docker-storage-setup.service
        Requires=docker-cleanup.timer

        [Service]
        Type=notify
        NotifyAccess=main
        EnvironmentFile=-/run/containers/registries.conf
        EnvironmentFile=-/etc/sysconfig/docker
        EnvironmentFile=-/etc/sysconfig/docker-storage
        EnvironmentFile=-/etc/sysconfig/docker-network
        Environment=GOTRACEBACK=crash
        Environment=DOCKER_HTTP_HOST_COMPAT=1
        Environment=PATH=/usr/libexec/docker:/usr/bin:/usr/sbin
        ExecStart=/usr/bin/dockerd-current \\
                  --add-runtime docker-runc=/usr/libexec/docker/docker-runc-current \\
                  --default-runtime=docker-runc \\
                  --exec-opt native.cgroupdriver=systemd \\
                  --userland-proxy-path=/usr/libexec/docker/docker-proxy-current \\
                  --init-path=/usr/libexec/docker/docker-init-current \\
                  --seccomp-profile=/etc/docker/seccomp.json \\
                  $OPTIONS \\
                  $DOCKER_STORAGE_OPTIONS \\
                  $DOCKER_NETWORK_OPTIONS \\
                  $ADD_REGISTRY \\
                  $BLOCK_REGISTRY \\
                  $INSECURE_REGISTRY \\
        \t  $REGISTRIES
        ExecReload=/bin/kill -s HUP $MAINPID
        LimitNOFILE=1048576
        LimitNPROC=1048576
        LimitCORE=infinity
        TimeoutStartSec=0
        Restart=on-abnormal
        KillMode=process

        [Install]
        WantedBy=multi-user.target

        """
    /// The line of `ExecStart=` in `redHatDockerUnit`.
    static let redHatExecStartLine = 18

    static let redHatSysconfigDocker = """
        # /etc/sysconfig/docker

        # Modify these options if you want to change the way the docker daemon runs
        OPTIONS='--selinux-enabled --log-driver=journald --signature-verification=false'
        if [ -z "${DOCKER_CERT_PATH}" ]; then
            DOCKER_CERT_PATH=/etc/docker
        fi

        # Do not add registries in this file anymore. Use /etc/containers/registries.conf
        # instead. For more information reference the registries.conf(5) man page.

        # Location used for temporary files, such as those created by
        # docker load and build operations. Default is /var/lib/docker/tmp
        # Can be overriden by setting the following environment variable.
        # DOCKER_TMPDIR=/var/tmp

        # Controls the /etc/cron.daily/docker-logrotate cron job status.
        # To disable, uncomment the line below.
        # LOGROTATE=false

        """

    /// As container-storage-setup writes it (with its trailing space inside the quotes).
    static let redHatDockerStorage = """
        DOCKER_STORAGE_OPTIONS="--storage-driver devicemapper --storage-opt dm.fs=xfs --storage-opt dm.thinpooldev=/dev/mapper/docker--vg-docker--pool --storage-opt dm.use_deferred_removal=true "

        """

    static let redHatStorageSetup = """
        # Edit this file to override any configuration options specified in
        # /usr/share/container-storage-setup/container-storage-setup.
        #
        # For more details refer to "man docker-storage-setup"
        STORAGE_DRIVER=devicemapper
        DEVS=/dev/vdb
        VG=docker-vg

        """

    static let storageSetupUnit = """
        [Unit]
        Description=Docker Storage Setup
        After=cloud-final.service
        Before=docker.service

        [Service]
        Type=oneshot
        ExecStart=/usr/bin/container-storage-setup
        EnvironmentFile=-/etc/sysconfig/docker-storage-setup

        [Install]
        WantedBy=multi-user.target

        """

    /// Docker CE 18.09 (docker-ce-18.09.*.el7).
    static let dockerCEUnit = """
        [Unit]
        Description=Docker Application Container Engine
        Documentation=https://docs.docker.com
        BindsTo=containerd.service
        After=network-online.target firewalld.service containerd.service
        Wants=network-online.target
        Requires=docker.socket

        [Service]
        Type=notify
        # the default is not to use systemd for cgroups because the delegate issues still
        # exists and systemd currently does not support the cgroup feature set required
        # for containers run by docker
        ExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock
        ExecReload=/bin/kill -s HUP $MAINPID
        TimeoutSec=0
        RestartSec=2
        Restart=always

        [Install]
        WantedBy=multi-user.target

        """
    static let dockerCEExecStartLine = 14

    static let dockerCEDaemonJSON = """
        {"storage-driver":"devicemapper","storage-opts":["dm.thinpooldev=/dev/mapper/docker-thinpool","dm.use_deferred_removal=true","dm.use_deferred_deletion=true"]}
        """

    /// Ubuntu's docker.io 1.x/17.x unit: reads /etc/default/docker and passes $DOCKER_OPTS.
    static let ubuntuDockerIOUnit = """
        [Unit]
        Description=Docker Application Container Engine
        Documentation=https://docs.docker.com
        After=network.target docker.socket firewalld.service
        Requires=docker.socket

        [Service]
        Type=notify
        # the default is not to use systemd for cgroups because the delegate issues still
        # exists and systemd currently does not support the cgroup feature set required
        # for containers run by docker
        EnvironmentFile=-/etc/default/docker
        ExecStart=/usr/bin/dockerd -H fd:// $DOCKER_OPTS
        ExecReload=/bin/kill -s HUP $MAINPID

        [Install]
        WantedBy=multi-user.target

        """

    static let ubuntuDefaultDocker = """
        # Docker Upstart and SysVinit configuration file

        #
        # THIS FILE DOES NOT APPLY TO SYSTEMD
        #
        #   Please see the documentation for "systemd drop-ins":
        #   https://docs.docker.com/engine/admin/systemd/
        #

        # Customize location of Docker binary (especially for development testing).
        #DOCKERD="/usr/local/bin/dockerd"

        # Use DOCKER_OPTS to modify the daemon startup options.
        #DOCKER_OPTS="--dns 8.8.8.8 --dns 8.8.4.4"
        DOCKER_OPTS="-s devicemapper --storage-opt dm.basesize=20G -g /srv/docker"

        # If you need Docker to use an HTTP proxy, it can also be specified here.
        #export http_proxy="http://127.0.0.1:3128/"

        # This is also a handy place to tweak where Docker's temporary files go.
        #export DOCKER_TMPDIR="/mnt/bigdrive/docker-tmp"

        """
    static let ubuntuDockerOptsLine = 15
}
