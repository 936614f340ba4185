/// The exports of an instance of world `cache`, with the functions to link its imports and to instantiate it.
pub struct Cache {
    instance: ::hoist::component::Instance,
}
impl Cache {
    /// Registers everything world `cache` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::hot_cache::Host + self::durable::Host,
    {
        self::hot_cache::add_to_linker(linker, get)?;
        self::durable::add_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `cache`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `cache`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `cache` in an already created `instance`.
    #[allow(unused_mut, unused_variables)]
    pub fn new(
        mut store: impl ::hoist::AsContextMut,
        instance: &::hoist::component::Instance,
    ) -> ::hoist::anyhow::Result<Self> {
        ::core::result::Result::Ok(Self { instance: instance.clone() })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
}
#[allow(clippy::all)]
pub mod hot_cache {
    //! Bindings generated from WIT, for `hot_cache`.
    /// The host's implementation of the imported interface `hot-cache`.
    pub trait Host {
        /// The WIT function `get`.
        fn get(
            &mut self,
            key: ::std::string::String,
        ) -> ::hoist::anyhow::Result<::core::option::Option<::std::string::String>>;
        /// The WIT function `set`.
        fn set(
            &mut self,
            key: ::std::string::String,
            value: ::std::string::String,
        ) -> ::hoist::anyhow::Result<()>;
    }
    /// Registers the functions of `hot-cache` in `linker`, calling the `Host` reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: Host,
    {
        let mut root = linker.root();
        let mut inst = root.instance("hot-cache")?;
        inst.func_wrap(
            "get",
            move |
                mut caller: ::hoist::StoreContextMut<'_, T_>,
                (arg0,): (::std::string::String,),
            | -> ::hoist::anyhow::Result<
                (::core::option::Option<::std::string::String>,),
            > {
                let host = get(caller.data_mut());
                let r = Host::get(host, arg0)?;
                ::core::result::Result::Ok((r,))
            },
        )?;
        inst.func_wrap(
            "set",
            move |
                mut caller: ::hoist::StoreContextMut<'_, T_>,
                (arg0, arg1): (::std::string::String, ::std::string::String),
            | -> ::hoist::anyhow::Result<()> {
                let host = get(caller.data_mut());
                let r = Host::set(host, arg0, arg1)?;
                ::core::result::Result::Ok(r)
            },
        )?;
        ::core::result::Result::Ok(())
    }
}
#[allow(clippy::all)]
pub mod durable {
    //! Bindings generated from WIT, for `durable`.
    /// The host's implementation of the imported interface `durable`.
    pub trait Host {
        /// The WIT function `get`.
        fn get(
            &mut self,
            key: ::std::string::String,
        ) -> ::hoist::anyhow::Result<::core::option::Option<::std::string::String>>;
        /// The WIT function `set`.
        fn set(
            &mut self,
            key: ::std::string::String,
            value: ::std::string::String,
        ) -> ::hoist::anyhow::Result<()>;
    }
    /// Registers the functions of `durable` in `linker`, calling the `Host` reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: Host,
    {
        let mut root = linker.root();
        let mut inst = root.instance("durable")?;
        inst.func_wrap(
            "get",
            move |
                mut caller: ::hoist::StoreContextMut<'_, T_>,
                (arg0,): (::std::string::String,),
            | -> ::hoist::anyhow::Result<
                (::core::option::Option<::std::string::String>,),
            > {
                let host = get(caller.data_mut());
                let r = Host::get(host, arg0)?;
                ::core::result::Result::Ok((r,))
            },
        )?;
        inst.func_wrap(
            "set",
            move |
                mut caller: ::hoist::StoreContextMut<'_, T_>,
                (arg0, arg1): (::std::string::String, ::std::string::String),
            | -> ::hoist::anyhow::Result<()> {
                let host = get(caller.data_mut());
                let r = Host::set(host, arg0, arg1)?;
                ::core::result::Result::Ok(r)
            },
        )?;
        ::core::result::Result::Ok(())
    }
}
